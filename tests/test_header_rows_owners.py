"""Election day, rows and owners of documents nobody here wrote (issue 16, round 2, R4).

Every text below is copied from a real public document of ``fixtures/wild/`` (the file is named in each
test; cut where the stored copy ends or shortened with «…» where a test says so). The expected values
were read off the printed text, not taken from shailoo's output.
"""

from __future__ import annotations

import datetime as dt

from shailoo.parsers.interpret.document import interpret
from shailoo.parsers.read.text import parse_text


def doc_of(text: str, name: str = "inline.txt"):
    return interpret(parse_text(text, path=name).finalize())


def points(doc):
    return [a for a in doc.activities if a.kind in ("activity", "row", "point")]


# --------------------------------------------------------------------------- election day


def test_calling_names_the_day_before_the_election_ru():
    # 031 (vecher.kz, 2023): «о назначении на DATE выборов».
    d = doc_of("Выборы в Казахстане пройдут в декабре 2023 года\n\nКак сообщила пресс-служба ЦИК РК, состоялось "
               "заседание Центральной избирательной комиссии, на котором был рассмотрен вопрос о назначении на "
               "20 декабря 2023 года выборов депутата Сената Парламента Казахстана от Костанайской области.\n")
    assert d.document.election_day == dt.date(2023, 12, 20)
    assert "election_day_year_source" not in d.document.model_dump()


def test_date_then_called_election_ru():
    # 071 (Aktogay district commission, 2023): «на 17 сентября 2023 года назначены выборы акимов:».
    d = doc_of("СООБЩЕНИЕ\nАктогайская районная избирательная комиссия сообщает, что решением Актогайской районной "
               "избирательной комиссии № 28 от 09.08.2023 года на 17 сентября 2023 года назначены выборы акимов:\n"
               "- акима села Актогай;\n- акима Жидебайского сельского округа;\n")
    assert d.document.election_day == dt.date(2023, 9, 17)


def test_calling_with_a_long_name_of_the_election_ru():
    # 072 (200.news, 2025): the day comes after the district's name and number.
    d = doc_of("На заседании комиссии приняты постановления о назначении очередных выборов депутата Целиноградского "
               "районного маслихата вместо выбывшего по одномандатному территориальному избирательному округу № 3 "
               "на 26 октября 2025 года. Утвержден Календарный план.\n")
    assert d.document.election_day == dt.date(2025, 10, 26)


def test_name_of_two_elections_joined_by_and_ru():
    # 083 (Kurchatov, 2008): «выборов главы города … и депутатов … думы четвертого созыва 2 марта 2008 года».
    d = doc_of("План организационно-технических мероприятий по подготовке и проведению выборов главы города "
               "Курчатова и депутатов курчатовской городской думы четвертого созыва 2 марта 2008 года на "
               "территории муниципального образования «Город курчатов» курской области\n")
    assert d.document.election_day == dt.date(2008, 3, 2)


def test_a_past_election_is_not_the_election_day_ru():
    # 020 (vesti.kg, 2016): «… выборов депутатов …, прошедших 27 марта 2016 года» is an election held.
    d = doc_of("Члены ЦИК КР утвердили протоколы об итогах голосования и результатах выборов депутатов "
               "Жерге-Талского айылного кенеша Ак-Талинского района Нарынской области, прошедших 27 марта 2016 года.\n")
    assert d.document.election_day is None


def test_year_of_the_election_day_from_the_dateline_ky():
    # 048 (24.kg, 2020): a Russian dateline over a Kyrgyz body that prints no year.
    d = doc_of("15:25, 04 сентября 2020, Бишкек - 24.kg\n"
               "Жогорку Кеңешке шайлоого катышып жаткан партиялар арасында таза күрөшүү боюнча меморандумга кол "
               "коюлду.\nБелгилей кетсек, 4-сентябрдан тарта расмий үгүт башталды. Шайлоо 4-октябрда өтөт.\n")
    assert d.document.election_day == dt.date(2020, 10, 4)
    assert d.document.election_day_year_source == "nearest_date"
    assert d.document.election_day_raw == "4-октябрда"


def test_year_from_the_dateline_with_a_stray_space_ky():
    # 034 (fabula.kg, 2021): «Шайлоо 28 -ноябрга белгиленген» under «- 13.10.2021, 10:28,».
    d = doc_of("Шайлоо 2021: БШКга бир мандаттуу округдан 308 талапкер арыз берди\n- 13.10.2021, 10:28,\n"
               "- Саясат / Жаңылыктар\nБилдирүүлөрдү кабыл алуу бүгүн саат 18.00дө аяктайт.\n"
               "Шайлоо 28 -ноябрга белгиленген.\n")
    assert d.document.election_day == dt.date(2021, 11, 28)


def test_printed_year_wins_over_an_inferred_one_ky():
    # 011 (azattyk, 2025): «Добуш берүү 30-ноябрда …» and «шайлоону 30-ноябрга дайындаган» print no year;
    # the dateline «29-Октябрь, 2025-жыл» gives it.
    d = doc_of("29-Октябрь, 2025-жыл, шаршемби, Бишкек убактысы 13:22\n"
               "Добуш берүү 30-ноябрда саат 08:00дөн 20:00гө чейин болот.\n"
               "Жогорку Кеңеш 25-сентябрда өзүн өзү таркатып, президент Садыр Жапаров парламентке кезексиз "
               "шайлоону 30-ноябрга дайындаган.\n")
    assert d.document.election_day == dt.date(2025, 11, 30)


def test_no_year_printed_no_election_day_ky():
    # 039 (azattyk, 2021): no year anywhere in the text: never a guess.
    d = doc_of("Жергиликтүү кеңештердин депутаттарын шайлоо күнү такталды\n"
               "Кыргызстанда жергиликтүү кеңештердин депутаттарын шайлоо 11-апрель – жекшемби күнгө дайындалды.\n")
    assert d.document.election_day is None


def test_resolution_grounds_recount_an_earlier_election_ky():
    # 016 (shailoo.gov.kg, 2021): a resolution calling a repeat election; its preamble tells of the
    # election of 13 and 14 June that failed. That is not the resolution's election day.
    d = doc_of("15.06.2021 № 471 Ысык-Көл облусунун Жети-Өгүз районунун Тамга, Ак-Шыйрак айыл өкмөттөрүнүн "
               "башчыларын кайра шайлоону дайындоо жөнүндө\n\n"
               "2021-жылдын 13, 14-июнуна дайындалган Ысык-Көл облусунун Жети-Өгүз районунун Тамга, Ак-Шыйрак "
               "айыл өкмөттөрүнүн башчыларын шайлоодо, белгиленген мөөнөттөрдө бир дагы талапкер "
               "катталбаганына байланыштуу, айыл өкмөтүнүн башчысы шайланбай калган.\n")
    assert d.document.kind == "resolution"
    assert d.document.election_day is None


def test_resolution_title_states_its_election_day_ru():
    # 076 (shailoo.gov.kg, 2024): the subject names the election the resolution organises.
    d = doc_of("01.10.2024 №286 Об образовании рабочих групп по подготовке и проведению выборов депутатов местных "
               "кенешей Кыргызской Республики назначенных на 17 ноября 2024 года\n\n"
               "В соответствии со статьей 8 конституционного Закона Кыргызской Республики «О выборах», "
               "Центральная комиссия постановляет:\n1. Образовать рабочие группы.\n")
    assert d.document.election_day == dt.date(2024, 11, 17)


# --------------------------------------------------------------------------- kind and rows


def test_news_of_a_resolution_is_not_one_and_its_dash_list_gives_rows_ky():
    # 018 (shailoo.gov.kg, 2018): «… токтомду кабыл алды.» is a sentence of news; the dash items under
    # the line ending with «:» are its rows.
    d = doc_of("Үч айыл өкмөттүн шайлоосу дайындалды\n\n12 февраля 2018\n\nҮч айыл өкмөттүн шайлоосу дайындалды:\n\n"
               "-Ысык-Көл облусунун Ысык-Көл районунун Темир айыл өкмөтү\n\n"
               "-Чүй облусунун  Кемин районунун  Жаны-Алыш айыл өкмөтү\n\n"
               "-Ош облусунун Араван районунун С.Юсупова айыл өкмөтү.\n\n"
               "2018-жылдын 12-февралында КР БШК айрым жергиликтүү өз алдынча башкаруу органдарынын аткаруу "
               "бийлигинин башчыларын шайлоосун дайындоо тууралуу токтомду кабыл алды.\n")
    assert d.document.kind != "resolution"
    assert [a.text[:12] for a in points(d)] == ["Ысык-Көл обл", "Чүй облусуну", "Ош облусунун"]


def test_a_lone_dash_line_under_a_headline_is_no_point_ky():
    # 034 (fabula.kg, 2021): «- Саясат / Жаңылыктар» is the page's rubric.
    d = doc_of("Шайлоо 2021: БШКга бир мандаттуу округдан 308 талапкер арыз берди\n- 13.10.2021, 10:28,\n"
               "- Саясат / Жаңылыктар\nБШКга бир мандаттуу талапкерлерден арыздарды кабыл алуу уланууда.\n")
    assert points(d) == []


def test_enumeration_in_a_sentence_is_not_a_plan_row_ru():
    # 071 (Aktogay, 2023): the akims listed after «назначены выборы акимов:» are words of that sentence;
    # the two items of the plan carry terms.
    d = doc_of("Актогайская районная избирательная комиссия сообщает, что на 17 сентября 2023 года назначены "
               "выборы акимов:\n- акима села Актогай;\n- акима Жидебайского сельского округа;\n"
               "Утвержден календарный план основных мероприятий по подготовке и проведению выборов акимов "
               "сельских округов:\n"
               "- выдвижение кандидатов в акимы начинается с 10 августа и заканчивается в 18.00 часов по местному "
               "времени 22 августа 2023 г.;\n"
               "- регистрация кандидатов в акимы заканчивается в 18.00 часов по местному времени 27 августа 2023 г.\n")
    assert d.document.kind == "calendar_plan"
    acts = points(d)
    assert [a.text[:10] for a in acts] == ["выдвижение", "регистраци"]
    assert "акима села Актогай" in " ".join(p.text for p in d.paragraphs)  # kept as text, not lost


def test_a_list_item_cut_before_its_term_stays_a_point_ru():
    # 004 (platforma.kg, 2016): the last item is cut mid-word; its list carries terms, so it is a row.
    d = doc_of("ЦИК утвердила календарный план мероприятий по подготовке выборов депутатов местных кенешей\n"
               "Так, члены ЦИК утвердили:\n"
               "– регистрация кандидатов начнется со дня назначения выборов и завершится 31 октября;\n"
               "– бюллетени будут подготовлены и переданы участковым избира\n")
    assert len(points(d)) == 2


def test_header_naming_one_role_over_long_rows_ru():
    # 061 (Lida kindergarten № 27, Belarus): a risk map whose header names one role («Ответственные лица»).
    d = doc_of("Раздел работы\tОбласть деятельности, где возможны коррупционные риски\tМеры профилактики\t"
               "Ответственные лица\n"
               "Распределение средств материального стимулирования\tраспределение премий, надбавок, оказание "
               "материальной помощи\tПроведение информационной работы с членами трудового коллектива по "
               "разъяснению коллективного договора (ежемесячно)\tЗаведующий, комиссия по распределению средств "
               "материального стимулирования, председатель ПК\n"
               "Образовательная деятельность\tзачисление в учреждение дошкольного образования; оказание платных "
               "образовательных услуг.\tНаличие договоров на оказание платных образовательных услуг между "
               "учреждением образования и законными представителями\tЗаведующий\n")
    rows = points(d)
    assert len(rows) == 2
    assert rows[0].cells["responsible"].startswith("Заведующий, комиссия")


# --------------------------------------------------------------------------- owners


def test_owner_sentence_under_a_point_kazakh_layout_ru():
    # 030 (Karaganda regional commission, 2020): Owner. Term. (citation) under each numbered point.
    d = doc_of("КАЛЕНДАРНЫЙ ПЛАН\nосновных мероприятий по подготовке и проведению очередных выборов депутатов "
               "Мажилиса Парламента Республики Казахстан\nна 10 января 2021 года\n\n"
               "1.   Образование избирательных округов и опубликование в соответствующих средствах массовой "
               "информации списка избирательных округов\n\n"
               "Соответствующие территориальные избирательные комиссии. Не позднее чем через десять дней после "
               "назначения выборов. Не позднее 31 октября 2020 года\n(пп.6) ст.14, ст.22)\n")
    (act,) = points(d)
    assert act.cells["responsible"] == "Соответствующие территориальные избирательные комиссии"
    assert [r.id for r in act.responsible] == ["tec"]
    assert act.cells["legal_basis"] == "(пп.6) ст.14, ст.22)"


def test_owner_sentence_naming_a_nominating_body_ru():
    # 029 (Kazakhstan, 2019): «Высшие органы республиканских общественных объединений» nominate.
    d = doc_of("КАЛЕНДАРНЫЙ ПЛАН\n1. Выдвижение кандидатов в Президенты Республики Казахстан.\n"
               "Высшие органы республиканских общественных объединений. Начинается со дня, следующего за днем "
               "назначения выборов — с 10 апреля 2019 г.\n")
    (act,) = points(d)
    assert [r.id for r in act.responsible] == ["ngo"]


def test_table_printed_with_spaces_term_then_owner_ru():
    # 083 (Kurchatov, 2008) and 060 (Gomel, 2024): the header and rows lost their cell breaks.
    d = doc_of("План организационно-технических мероприятий по подготовке и проведению выборов главы города "
               "Курчатова 2 марта 2008 года\n\n"
               "N п/п Наименование мероприятий Сроки проведения Ответственный за исполнение\n"
               "1. Организация и участие в семинарах по изучению Избирательного кодекса Курской области По "
               "отдельному плану Заместитель Главы администрации города Головина И.В., Председатель ТИК Сеин О.А.\n"
               "2. Содействие в публикации сведений о размере оплаты печатной площади С 12 января 2008 года "
               "Помощник Главы администрации города Г.И. Соборова\n"
               "3. Представление сведений об избирателях в ТИК для составления списков избирателей Не позднее "
               "4 февраля 2008 г. Первый заместитель Главы администрации г. Курчатова В.С. Елецких\n")
    acts = points(d)
    assert [a.cells.get("term") for a in acts] == ["По отдельному плану", "С 12 января 2008 года",
                                                   "Не позднее 4 февраля 2008 г."]
    assert acts[1].cells["responsible"] == "Помощник Главы администрации города Г.И. Соборова"
    assert [r.raw for r in acts[0].responsible] == ["Заместитель Главы администрации города Головина И.В.",
                                                    "Председатель ТИК Сеин О.А."]


def test_spaced_row_cut_before_its_cells_takes_its_addressee_ru():
    # 060 (Gomel, 2024): row 3 is cut before its term and owner; the date in it cites an order.
    d = doc_of("ПЛАН РАБОТЫ комиссии по противодействию коррупции на 2024 год\n\n"
               "№ п.п. Наименование мероприятий Срок исполнения Ответственные лица\n"
               "1. Рассмотрение информации о мерах по предупреждению коррупции По мере поступления Зав.отделами, "
               "Митрахович С.А.\n"
               "3. Руководителям структурных подразделений обеспечивать  при приеме на работу на должности "
               "согласно приказу от 03.01.2020 №10, взятие  письменных  обязательств по выполнению мер по "
               "предупреждению корру\n")
    acts = points(d)
    assert acts[0].cells["term"] == "По мере поступления"
    assert acts[0].cells["responsible"] == "Зав.отделами, Митрахович С.А."
    assert "term" not in acts[1].cells
    assert acts[1].cells["responsible"] == "Руководителям структурных подразделений"


def test_who_prepares_is_the_owner_column_ky():
    # 064 (Salam-Alik ayil kenesh, 2025): «Ким даярдайт» is the owner column of a work plan.
    d = doc_of("№\tКаралуучу маселелердин мазмуну\tМөөнөтү\tКим даярдайт\n"
               "1.\tСалам-Алик айылдык кеңешинин 2025-жылга карата иш планын бекитүү жөнүндө\tЯнварь\t"
               "Айылдык кеңешинин жооптуу\n")
    (row,) = [a for a in d.activities if a.number == "1."]
    assert row.cells["responsible"] == "Айылдык кеңешинин жооптуу"
