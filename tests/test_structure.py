"""Structure of tables and points in documents nobody here wrote (issue 16, «structure»).

Every table and list below is copied from a real public document of ``/work/shared/wild`` (the file
is named in each test; rows are cut where the stored copy ends), except where a test says otherwise.
The expected values were read off the printed text, not taken from shailoo's output.
"""

from __future__ import annotations

from shailoo.parsers.interpret.document import interpret
from shailoo.parsers.interpret.tables import infer_roles, is_column_numbering
from shailoo.parsers.read.blocks import Cell, Row, Table
from shailoo.parsers.read.text import parse_text


def doc_of(text: str, name: str = "inline.txt"):
    return interpret(parse_text(text, path=name).finalize())


def rows(doc):
    return [a for a in doc.activities if a.kind in ("activity", "row", "measure", "point")]


def test_empty_number_header_cell_recognised_by_content():
    # 042 (Belarus, kindergarten № 20 of Orsha): the «№» header cell is empty; numbering jumps 3 → 5.
    text = (
        "\tНаименование мероприятий\tСрок исполнения\tОтветственные исполнители\n"
        "1\tПроведение анализа предложений и обращений граждан по вопросам зачисления в учреждение "
        "образования\tв течение года\tзаведующий\n"
        "2\tОбеспечение согласования приема, продления контрактов, увольнения заместителей руководителей, "
        "педагогических и технических работников учреждений образования с управлением по образованию\t"
        "в течение года\tзаведующий\n"
        "3\tОбеспечение гласности и информирования заинтересованных граждан, родителей о целевом "
        "использовании средств попечительских советов.\tв течение года\tпредседатель попечительского совета\n"
        "5\tИнформирование родителей (законных представителей) о правилах приема в учреждение дошкольного "
        "образования, об оказании платных образовательных услуг на родительских собраниях,\n"
    )
    acts = rows(doc_of(text))
    assert [a.number for a in acts] == ["1", "2", "3", "5"]  # printed numbers, never renumbered
    assert all("col1" not in a.cells for a in acts)
    assert acts[0].cells["term"] == "в течение года"


def test_number_column_headed_n():
    # 073 (Kalmykia): the header of the number column is a Latin «N».
    text = (
        "N\tМероприятие\tСроки проведения\tОтветственный\n"
        "1.\tСоздание Рабочей группы Избирательной комиссии Республики Калмыкия по формированию "
        "территориальных избирательных комиссий (далее Рабочая группа)\tмарт\tДикалов А.Н., Мучаев Б.И., "
        "Поленичкина О.Д.\n"
        "2.\tСогласование с ЦИК России перечня территориальных избирательных комиссий Республики Калмыкия "
        "(далее - ТИК)\tМарт\tДикалов А.Н.\n"
    )
    assert [a.number for a in rows(doc_of(text))] == ["1.", "2."]


RYAZAN = (
    # 005 (Ryazan, presidential election 2008): «NN пп» header, a column-numbering row, a heading row.
    "Календарный план мероприятий по подготовке и проведению выборов президента Российской Федерации\n"
    "\n"
    "NN пп\tСодержание мероприятия\tСрок исполнения\tИсполнители\n"
    "1\t2\t3\t4\n"
    "ИЗБИРАТЕЛЬНЫЕ КОМИССИИ\n"
    "1\tОпубликование (обнародование) сообщения о формировании участковых избирательных комиссий с "
    "указанием срока приема предложений по их составу\tПосле образования избирательных участков\t"
    "Территориальные избирательные комиссии\n"
    "2\tПрием предложений по составу участковых избирательных комиссий\tНе менее чем в течение 15 дней "
    "после дня опубликования (обнародования) сообщения о формировании участковых избирательных комиссий\t"
    "Территориальные избирательные комиссии\n"
    "3\tФормирование участковых избирательных комиссий\tНе ранее 31 января и не позднее 7 февраля 2008 "
    "года\tТерриториальные избирательные комиссии\n"
    "4\tФормирование участковых избирательных комиссий на и\n"
)


def test_column_numbering_row_is_never_an_activity():
    doc = doc_of(RYAZAN)
    acts = rows(doc)
    assert [a.number for a in acts] == ["1", "2", "3", "4"]
    assert all(a.section == ["ИЗБИРАТЕЛЬНЫЕ КОМИССИИ"] for a in acts)
    assert acts[2].cells["term"].startswith("Не ранее 31 января")
    assert acts[3].text == "Формирование участковых избирательных комиссий на и"  # cut mid-row, kept


def test_column_numbering_row_predicate():
    def row(*texts):
        return Row([Cell(t, col=i) for i, t in enumerate(texts)])

    assert is_column_numbering(row("1", "2", "3", "4", "5"))
    assert not is_column_numbering(row("1", "2"))  # a data row of a two-column count table
    assert is_column_numbering(row("1", "2", "за 9 месяцев 2019г.", "за 9 месяцев 2019г."), under_header=True)
    assert not is_column_numbering(row("1", "Формирование участковых избирательных комиссий", "2"))


def test_multi_level_header_with_year_row_and_headings():
    # 023 (Dagestan programme): header, a row of years, a column-numbering row, two heading lines,
    # then row 1.1 cut off.
    text = (
        "N п/п\tНаименование основных мероприятий\tИсполнители\tСроки выполнения основных мероприятий\t"
        "Индикаторы оценки конечных результатов, единицы измерения\tЗначения индикаторов\t"
        "Финансирование (за счет средств республиканского бюджета Республики Дагестан), млн. рублей\n"
        "2019\t2020\t2021\t2022\t2023\t2024\t2019\t2020\t2021\t2022\t2023\t2024\n"
        "1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11\t12\t13\t14\t15\t16\t17\n"
        "Цели: выявление и устранение причин коррупции, противодействие условиям, способствующим ее "
        "проявлениям, формирование в обществе нетерпимого отношения к коррупции\n"
        "Задача 1. Совершенствование инструментов и механизмов противодействия коррупции, в том числе системы "
        "запретов, ограничений и требований, установленных в целях противодействия коррупции\n"
        "1.1.\tРазработка нормати\n"
    )
    acts = rows(doc_of(text))
    assert [a.number for a in acts] == ["1.1."]
    assert acts[0].section[-1].startswith("Задача 1.")


def test_heading_rows_between_rows_keep_the_header():
    # 007 (Orichi): headings printed across the table between its rows; citations in the activity cell.
    text = (
        "№ п/п\tСодержание мероприятия\tСрок исполнения\tИсполнители\n"
        "НАЗНАЧЕНИЕ ВЫБОРОВ\n"
        "1.\tПринятие решения о назначении выборов (ч. 5 ст. 5 ЗКО [1])\tНе ранее чем за 90 дней и не позднее "
        "чем за 80 дней до дня голосования (с 12 по 22 декабря 2010 года)\tПредставительный орган "
        "муниципального образования\n"
        "2.\tОпубликование решения о назначении выборов (ч. 5 ст. 5 ЗКО)\tНе позднее чем через 5 дней со дня "
        "принятия решения\tПредставительный орган муниципального образования\n"
        "ИЗБИРАТЕЛЬНЫЕ УЧАСТКИ\n"
        "3.\tОбразование избирательных участков (ч. 1 ст. 10 ЗКО)\tНе позднее чем за 45 дней до дня "
        "голосования (не позднее 26 января 2011 года)\tГлава местной администрации муниципального района, "
        "по согласованию с соответствующей избирательной комиссией муниципального образования\n"
    )
    acts = rows(doc_of(text))
    assert [a.number for a in acts] == ["1.", "2.", "3."]
    assert [a.section for a in acts] == [["НАЗНАЧЕНИЕ ВЫБОРОВ"]] * 2 + [["ИЗБИРАТЕЛЬНЫЕ УЧАСТКИ"]]
    # a bracketed reference in the activity cell is a citation of the row
    assert [(c.article, c.part) for c in acts[2].citations] == [("10", "1")]


def test_number_printed_in_the_text_cell_and_a_row_cut_by_the_excerpt():
    # 044 (Pershai school): no number column; the stored copy ends inside row 3.
    text = (
        "Наименование мероприятий\tСрок исполнения\tОтветственные\n"
        "1. Обновление нормативной правовой базы по противодействию коррупции и размещение на сайте "
        "информации об антикоррупционном законодательстве Республики Беларусь\tпостоянно\tЛомако С.Л., "
        "председатель комиссии\n"
        "2. Разработка и утверждение плана работы комиссии по противодействию коррупции\tянварь 2024\t"
        "Ломако С.Л., председатель комиссии\n"
        "3. Плановые заседания комиссии по противодействию к\n"
    )
    acts = rows(doc_of(text))
    assert [a.number for a in acts] == ["1.", "2.", "3."]
    assert acts[1].text == "Разработка и утверждение плана работы комиссии по противодействию коррупции"
    assert acts[1].cells["term"] == "январь 2024"


def test_roman_section_row_is_a_heading():
    # 064 (Salam-Alik ayil kenesh work plan 2025): «I | Биринчи квартал» is the quarter's section.
    text = (
        "№\tКаралуучу маселелердин мазмуну\tМөөнөтү\tКим даярдайт\tКим маалымат берет\n"
        "I\tБиринчи квартал\n"
        "1.\tСалам-Алик айылдык кеңешинин 2025-жылга карата иш планын бекитүү жөнүндө\tЯнварь\t"
        "Айылдык кеңешинин жооптуу\n"
    )
    doc = doc_of(text)
    acts = [a for a in rows(doc) if a.provenance.table is not None]
    assert [a.number for a in acts] == ["1."]
    assert acts[0].section == ["I Биринчи квартал"]
    assert acts[0].cells["term"] == "Январь"


def test_table_without_header_row_gets_roles_from_content():
    # 073 (Kalmykia) without its header line: the roles come from the cells and a warning says so.
    text = (
        "Избирательная комиссия Республики Калмыкия\n"
        "\n"
        "4.\tУтверждение перечня и места нахождения ТИК\tапрель\tРабочая группа, Избирательная комиссия "
        "Республики Калмыкия\n"
        "5.\tОпубликование перечня и места нахождения ТИК\tНе позднее 5 дней со дня принятия\tИзбирательная "
        "комиссия Республики Калмыкия\n"
        "6.\tОпубликование в государственных СМИ сообщения о сроках формирования ТИК и порядке "
        "предоставления документов по кандидатурам в составы ТИК\tНе позднее 20 мая\tРабочая группа\n"
    )
    doc = doc_of(text)
    acts = rows(doc)
    assert [a.number for a in acts] == ["4.", "5.", "6."]  # the first row is data, not a header
    assert acts[1].cells["term"] == "Не позднее 5 дней со дня принятия"
    assert acts[2].cells["responsible"] == "Рабочая группа"
    assert any("no header row" in w and "content" in w for w in doc.warnings)


def test_infer_roles_refuses_prose_like_tables():
    table = Table([Row([Cell("Раздел работы", col=0), Cell("Меры профилактики", col=1)]),
                   Row([Cell("Образовательная деятельность", col=0), Cell("Наличие договоров", col=1)])])
    assert infer_roles(table) == []


def test_table_continued_after_a_heading_paragraph():
    # 022 (Arkhangelsk): the heading stands between the header and row 1 with blank lines around it.
    text = (
        "п/п\tМероприятия\tОтветственные исполнители\tСрок исполнения\n"
        "\n"
        "I. Организационные мероприятия по противодействию коррупции\n"
        "\n"
        "1.\tПредоставление сведений о ходе реализации мер по противодействию коррупции в исполнительном "
        "органе государственной власти Архангельской области\tРуководитель\tежегодно до 1 февраля\n"
    )
    doc = doc_of(text)
    acts = rows(doc)
    assert [a.number for a in acts] == ["1."]
    assert acts[0].cells["responsible"] == "Руководитель"
    assert any("continues the columns" in w for w in doc.warnings)


def test_notes_column_is_read_for_citations():
    # The notes column of a Kyrgyz calendar plan, as quoted in issue 16 («Эскертүү» column; the row
    # text is from 002, Kum-Bel 2014).
    text = (
        "№\tИш-чаралардын мазмуну\tАткаруу мөөнөттөрү\tАткаруу үчүн жооптуулар\tЭскертүү\n"
        "1.\tЖергиликтүү кеңештердин депутаттарын шайлоо боюнча шайлоо округдарын түзүү\tДобуш берүү "
        "күнүнө чейин 38 календарлык күндөн кечиктирбестен (2013-жылдын 19-декабрына чейин)\tАймактык шайлоо "
        "комиссиялары\t(конституциялык Мыйзам, 14-бер. 4-бөл.)\n"
    )
    acts = rows(doc_of(text))
    assert [(c.article, c.part) for c in acts[0].citations] == [("14", "4")]


def test_dash_points_of_a_plan_summary_carry_their_terms():
    # 004 (platforma.kg, 11 October 2016): a calendar plan restated as dash items.
    text = (
        "ЦИК утвердила календарный план мероприятий по подготовке выборов депутатов местных кенешей, "
        "назначенных на 11 декабря\n"
        "Так, члены ЦИК утвердили:\n"
        "– образование избирательных округов, составление списка избирателей на основе биометрических и "
        "персональных данных для участия в выборах местного кенеша должны быть утверждены не позднее 22 "
        "октября;\n"
        "– регистрация кандидатов начнется со дня назначения выборов и завершится 31 октября;\n"
        "– бюллетени будут подготовлены и переданы участковым избира\n"
    )
    acts = [a for a in doc_of(text).activities if a.kind == "point"]
    assert len(acts) == 3
    assert acts[0].cells["term"] == "не позднее 22 октября"
    assert acts[1].cells["term"].endswith("завершится 31 октября")
    assert "term" not in acts[2].cells


def test_term_after_a_dash_separator():
    # The form quoted in issue 16 («- публикация … — до 14 октября;»), and a Kyrgyz sentence of 011
    # (azattyk, 2025) put in the same form.
    text = (
        "Календарный план\n"
        "- публикация списков избирательных участков — до 14 октября;\n"
        "▪️ Шайлоо алдындагы үгүт иштери — 10-ноябрдан 29-ноябрга чейин;\n"
        "🔹 Добуш берүү 30-ноябрда саат 08:00дөн 20:00гө чейин болот.\n"
    )
    acts = [a for a in doc_of(text).activities if a.kind == "point"]
    assert [a.text[:12] for a in acts] == ["публикация с", "Шайлоо алдын", "Добуш берүү "]  # no emoji left
    assert [a.cells.get("term") for a in acts][:2] == ["до 14 октября", "10-ноябрдан 29-ноябрга чейин"]
    assert acts[2].cells.get("term", "").startswith("30-ноябрда")


def test_plan_printed_as_paragraphs_takes_its_owner_and_term_lines():
    # 030 (Karaganda, Mazhilis 2021): «1. activity», then a paragraph «Owner. Term. (citation)».
    text = (
        "КАЛЕНДАРНЫЙ ПЛАН\n"
        "основных мероприятий по подготовке и проведению очередных выборов депутатов Мажилиса Парламента "
        "Республики Казахстан\n"
        "на 10 января 2021 года\n"
        "\n"
        "1.   Образование избирательных округов и опубликование  в соответствующих средствах массовой "
        "информации списка  избирательных округов с указанием их границ\n"
        "\n"
        "Соответствующие территориальные избирательные комиссии. Не позднее чем через десять дней после "
        "назначения выборов. Не позднее 31 октября 2020 года\n"
        "(пп.6) ст.14, ст.22)\n"
        "\n"
        "2.   Опубликование состава территориальных  избирательных комиссий в средствах массовой информации\n"
    )
    doc = doc_of(text)
    assert doc.document.kind == "calendar_plan"
    acts = [a for a in doc.activities if a.kind == "point"]
    assert [a.number for a in acts] == ["1.", "2."]
    assert acts[0].cells["term"].startswith("Не позднее чем через десять дней после назначения выборов")
    assert "Соответствующие территориальные избирательные комиссии" in acts[0].text


def test_excerpts_cut_anywhere_never_raise():
    for k in range(0, len(RYAZAN), 37):
        doc_of(RYAZAN[:k] + "\n" if k else "x")
