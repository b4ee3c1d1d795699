"""Whose contact a column is (a pupil's parent's), a list's row numbers, an e-mail tool's subscriber states and
lists, and the first and last of something named in one word or after the event."""

from __future__ import annotations

import pytest

from workbench.ingest.heading_hints import dated_event
from workbench.ingest.heading_words import target_for_heading
from workbench.ingest.mapping import propose_mapping
from workbench.standardize.values import parse_consent


def test_a_parents_e_mail_and_phone_beside_the_pupils_own_are_other_ones():
    samples = {"Student Name": ["Mia Lopez", "Tom Berg", "Ada Kim"],
               "Email": ["mia@example.org", "tom@example.org", "ada@example.org"],
               "Phone": ["+1 415 555 0201", "+1 415 555 0202", "+1 415 555 0203"],
               "Parent Email": ["lopez.fam@example.org", "berg@example.net", "kim.h@example.com"],
               "Parent Mobile": ["+1 415 555 0101", "+1 415 555 0102", "+1 415 555 0103"],
               "Målsman 1 mobil": ["070-123 45 67", "073-555 12 34", "076-111 22 33"],
               "Værge e-mail": ["a@example.dk", "b@example.dk", "c@example.dk"],
               "Szülei tel.": ["+36 30 555 0201", "+36 70 555 0202", "+36 20 555 0203"]}
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert mapping["Email"] == "email" and mapping["Phone"] == "phone"
    assert mapping["Parent Email"] == "email:other" and mapping["Værge e-mail"] == "email:other"
    assert mapping["Parent Mobile"] == mapping["Målsman 1 mobil"] == mapping["Szülei tel."] == "phone:other"


def test_a_parents_e_mail_where_the_pupil_has_none_is_the_one_to_write_to():
    samples = {"Pupil": ["Mia Lopez", "Tom Berg"], "Parent email": ["lopez.fam@example.org", "berg@example.net"],
               "Tél parent": ["06 12 34 56 78", "07 98 76 54 32"]}
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert mapping["Parent email"] == "email" and mapping["Tél parent"] == "phone"


def test_a_brazilian_pet_shops_tutor_is_the_customer():
    mapping, _, _ = propose_mapping(["Nome do tutor", "Aniversário do tutor"],
                                    {"Aniversário do tutor": ["12/03/1985", "01/11/1990"]})
    assert mapping["Aniversário do tutor"] == "birth_date"


@pytest.mark.parametrize("heading", ["№", "N°", "No.", "Nº"])
def test_a_number_sign_counting_the_rows_is_no_customer_number(heading):
    samples = {heading: ["1", "2", "3", "4", "5"], "Ім'я": ["Олена", "Іван", "Петро", "Марія", "Оксана"]}
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert mapping[heading] is None  # sort the list and every number changes: no key to find a customer again
    samples[heading] = ["1017", "1018", "1023", "1102", "1140"]
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert mapping[heading] == "external_id"


@pytest.mark.parametrize("heading", ["ID usuario", "ID pacjenta", "Núm. soci", "Nr pacjenta"])
def test_an_id_of_a_user_patient_or_member_is_the_customers_own(heading):
    assert target_for_heading(heading) == "external_id"


@pytest.mark.parametrize("heading, values, states", [
    ("Abonnementstatus", ["abonniert", "abgemeldet", "abonniert"], ["granted", "unsubscribed", "granted"]),
    ("Stav", ["Aktivní", "Odhlášen", "Nepotvrzen"], ["granted", "unsubscribed", "unknown"]),
    ("Estado", ["Activo", "Desuscripto", "Rebotado"], ["granted", "unsubscribed", "bounced"]),
    ("Status", ["Bevestigd", "Uitgeschreven", "Onbevestigd"], ["granted", "unsubscribed", "unknown"]),
    ("Estado", ["Ativo", "Removido", "Aguarda confirmação"], ["granted", "unsubscribed", "unknown"]),
    ("Membership Status", ["SUBSCRIBED", "NOT_SUBSCRIBED", "SUBSCRIBED"], ["granted", "denied", "granted"]),
    ("Permission", ["DOI+", "SOI", "Keine"], ["granted", "granted", "denied"]),
])
def test_an_e_mail_tools_subscriber_states_are_consent_whatever_the_heading(heading, values, states):
    samples = {"E-Mail": ["a@example.de", "b@example.de", "c@example.de"], heading: values}
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert mapping[heading] == "marketing_consent"
    assert [parse_consent(v) for v in values] == states


def test_an_accounts_or_a_surveys_states_are_no_consent():
    samples = {"Stav": ["Aktivní", "Aktivní", "Neaktivní", "Aktivní"],  # a CRM contact's state
               "emailstatus": ["OK", "OK", "OptOut", "OK"],  # a survey tool's: may it send invitations
               "SMS Status": ["subscribed", "unsubscribed", "subscribed"]}
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert not any((mapping[c] or "").startswith("marketing_consent") for c in samples)


def test_interests_and_lists_of_an_e_mail_tool_are_tags():
    for heading in ("Interessen", "Interesses", "Seznamy", "Centres d'intérêt"):
        assert target_for_heading(heading) == "tags", heading


@pytest.mark.parametrize("heading, event", [
    ("最終取引日", "last_order_at"), ("上次美容", "last_order_at"), ("初回取引日", "created_at"),
    ("최초방문일", "created_at"), ("Дата останнього ремонту", "last_order_at"), ("Alinunua mwisho", "last_order_at"),
    ("会員番号", None), ("Tarih", None),
])
def test_the_first_and_last_named_in_one_word_or_after_the_event(heading, event):
    assert dated_event(heading) == event


def test_a_first_visit_in_korean_holding_dates_is_the_customer_since():
    samples = {"고객명": ["김민지", "이서준"], "최초방문일": ["2023-04-12", "2024-11-02"], "마지막 방문": ["2026-01-05", "2026-02-11"]}
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert mapping["최초방문일"] == "created_at"


def test_a_name_heading_holding_whole_names_with_no_surname_column_is_the_whole_name():
    samples = {"Nome": ["Mariana Costa Oliveira", "Rafael Souza Lima", "Ana Beatriz Ferreira"],
               "Contrato": ["Plano Anual Musculação", "Crossfit Mensal", "Pilates 2x semana"]}
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert mapping["Nome"] == "full_name"
    assert mapping["Contrato"].startswith("attribute:")  # a contract, not one slip from a contact
    samples["Sobrenome"] = ["Costa Oliveira", "Souza Lima", "Ferreira"]
    samples["Nome"] = ["Mariana", "Rafael", "Ana Beatriz"]
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert mapping["Nome"] == "first_name"


def test_a_middle_initial_written_short_is_the_middle_name():
    assert target_for_heading("M.I.") == "middle_name"


def test_an_address_heading_in_malay_indonesian_or_spanish_with_no_town_column_holds_whole_addresses():
    samples = {"Nama": ["Siti Aminah", "Budi Santoso"],
               "Alamat": ["No. 12, Jalan SS 2/24, Petaling Jaya", "23, Lorong Kenari 4, Bukit Mertajam"],
               "Poskod": ["47300", "14000"]}
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert mapping["Alamat"] == "address"  # split into street and town on import, not one long street
    samples = {"Nombre": ["Lucía Pérez", "Andrés Ruiz"],
               "Domicilio": ["Av. Chapultepec 480, Col. Americana, Guadalajara, Jal.",
                             "Calle Morelos 1120, Col. Centro, Zapopan, Jal."], "Ciudad": ["Guadalajara", "Zapopan"]}
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert mapping["Domicilio"] == "street"  # beside a town column the cell is the street line


@pytest.mark.parametrize("heading, target", [
    ("Not", "notes"), ("Van", "last_name"), ("Do Not Call", None), ("Naam van kliënt", "full_name"),
    ("Huis tel", "phone:home"), ("Telefon dag", "phone:work"), ("Telefon kväll", "phone:home"),
    ("Tel. služba", "phone:work"), ("Simu nyingine", "phone:other"),
    ("Dodacia ulica", "street:shipping"), ("Dodacie PSČ", "postcode:shipping"), ("ID dárce", "external_id"),
    ("Stelnr.", None), ("Selnr.", "mobile"),
])
def test_words_alone_kinds_and_whose_in_more_languages(heading, target):
    assert target_for_heading(heading) == target


@pytest.mark.parametrize("heading", ["Novice DA/NE", "Promo?", "是否願意收到主辦單位活動資訊", "同意接收優惠訊息"])
def test_short_and_chinese_questions_about_news_are_consent(heading):
    assert target_for_heading(heading) == "marketing_consent"


def test_a_guardians_name_in_a_file_with_no_other_name_is_the_account_holders():
    samples = {"Family ID": ["20417", "20433"], "Primary Guardian First": ["Jessica", "Brandon"],
               "Primary Guardian Last": ["Nguyen", "McAllister"], "Primary Email": ["jn@example.com", "bm@example.com"]}
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert mapping["Primary Guardian First"] == "first_name" and mapping["Primary Guardian Last"] == "last_name"
    samples["Student First Name"] = ["Ava", "Harper"]
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert mapping["Primary Guardian First"].startswith("attribute:")  # beside the pupil's own name: someone else's


def test_a_saudi_addresss_building_number_joins_its_street_and_the_district_is_the_second_line():
    columns = ["اسم العميل", "المدينة", "الحي", "اسم الشارع", "رقم المبنى", "الرمز البريدي"]
    samples = {"اسم الشارع": ["طريق أنس بن مالك", "شارع العليا العام"], "رقم المبنى": ["8123", "2871"],
               "الحي": ["الملقا", "العليا"]}
    mapping, _, _ = propose_mapping(columns, samples)
    assert mapping["رقم المبنى"] == "street" and mapping["الحي"] == "street2"


def test_an_amount_in_dong_is_what_was_spent_never_a_phone_number():
    samples = {"Tên khách": ["Nguyễn Thị Lan", "Trần Văn Minh", "Lê Hoàng"],
               "Tổng tiền (VNĐ)": ["63700000", "2400000", "88500000"]}
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert mapping["Tổng tiền (VNĐ)"] == "total_spent"
    samples = {"Name": ["A", "B", "C"], "Betrag (VNĐ)": ["63700000", "2400000", "88500000"]}
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert not (mapping["Betrag (VNĐ)"] or "").startswith(("phone", "mobile"))  # money is no phone, whatever its digits
    samples = {"Name": ["A", "B", "C"], "Tổng": ["63700000", "2400000", "88500000"]}
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert not (mapping["Tổng"] or "").startswith(("phone", "mobile"))  # round sums, with no mark of money at all


@pytest.mark.parametrize("heading", ["Uplaćeno (din)", "Malipo (TSh)", "Befizetve (Ft)", "ยอดชำระ (บาท)"])
def test_paid_beside_a_currency_is_what_was_spent(heading):
    assert target_for_heading(heading) == "total_spent"


@pytest.mark.parametrize("heading, target", [
    ("SĐT/Zalo", "mobile"), ("Телефон (Viber)", "mobile"), ("No. Tel (HP)", "mobile"), ("Тел. дома", "phone:home"),
    ("Consenso profilazione", None), ("Unit / Model", None), ("Address Line 2", "street2"),
])
def test_messengers_reach_a_mobile_and_profiling_or_a_device_is_no_consent_or_flat(heading, target):
    assert target_for_heading(heading) == target


def test_a_code_column_of_letters_is_the_customers_code_not_a_postcode():
    samples = {"Kod": ["KOWALSKA_A", "NOWAK_P", "ZIELONY_OGROD"], "Nazwa": ["Anna Kowalska", "Piotr Nowak", "Zielony Ogród"]}
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert mapping["Kod"] == "external_id"
    samples = {"Kod": ["00-950", "31-042", "80-001"], "Miasto": ["Warszawa", "Kraków", "Gdańsk"]}
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert mapping["Kod"] == "postcode"


def test_a_number_after_an_address_run_together_is_its_house_number():
    columns = ["BillingAddress", "BillingAddressNo", "BillingCity", "Identity Number"]
    samples = {"BillingAddress": ["Jl. Sudirman", "Jl. Asia Afrika"], "BillingAddressNo": ["No. 12", "Kav. 8"],
               "Identity Number": ["3174051203850004", "5103020507900002"]}
    mapping, _, _ = propose_mapping(columns, samples)
    assert mapping["BillingAddressNo"] == "street:billing"
    assert mapping["Identity Number"] != "external_id"  # an identity card's number is no customer number


def test_a_carrier_or_a_device_under_a_phone_heading_is_no_phone_number():
    samples = {"SMS Phone": ["(512) 555-0141", "(737) 555-0119"], "SMS Carrier": ["T-Mobile", "AT&T", "Verizon"],
               "Aina ya simu": ["Tecno Camon 20", "iPhone 11", "Samsung A14"]}
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert not (mapping["SMS Carrier"] or "").startswith(("phone", "mobile"))
    assert not (mapping["Aina ya simu"] or "").startswith(("phone", "mobile"))


def test_a_czech_code_column_is_the_customers_code_and_a_polish_one_of_postcodes_a_postcode():
    samples = {"Kód": ["ODB0012", "ODB0047", "ODB0063"], "Název": ["Pekárna Novák s.r.o.", "Jana Malá", "Hotel Slavia"]}
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert mapping["Kód"] == "external_id"
    samples = {"Kod": ["00-950", "31-042"], "Miasto": ["Warszawa", "Kraków"]}
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert mapping["Kod"] == "postcode"


@pytest.mark.parametrize("heading", ["Reg. oznaka", "Nhân viên bán hàng"])
def test_a_cars_plate_or_the_salesperson_is_no_label_of_the_customer(heading):
    assert target_for_heading(heading) is None


def test_vietnamese_firms_and_forms_of_address():
    samples = {"Tên khách hàng": ["Công ty TNHH Hoàng Phát", "Nhà hàng Phố Cổ", "Khách sạn Biển Xanh", "Phạm Thị Thu Hà"],
               "Xưng hô": ["Anh", "Chị", "Ông", "Chị"]}
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert mapping["Tên khách hàng"] == "company" and mapping["Xưng hô"] == "title"


@pytest.mark.parametrize("heading, target", [
    ("Total na binayad (₱)", "total_spent"), ("Quotas pagas (Kz)", "total_spent"), ("Suma totală, lei", "total_spent"),
    ("Оплачено (руб.)", "total_spent"), ("Тел. родителей (если до 18)", "phone:other"), ("No. Tel Rumah", "phone:home"),
    ("Tel. alternativo", "phone:other"), ("Heimasími", "phone:home"),
])
def test_paid_in_more_currencies_a_parents_phone_and_home_or_other_numbers(heading, target):
    assert target_for_heading(heading) == target


def test_the_first_said_after_the_event():
    assert dated_event("Tarikh tempahan pertama") == "created_at"  # Malay: the date of the first order
    assert dated_event("Name first") is None


@pytest.mark.parametrize("heading, target", [
    ("Ne slati poruke", "marketing_consent:inverted"), ("C.A.P.", "postcode"), ("ФИО ученика", "full_name"),
    ("Paguar (Lekë)", "total_spent"), ("地址（送花用）", "address"), ("备注（喜好/忌讳）", "notes"),
])
def test_a_slavic_no_the_italian_postcode_a_pupils_name_and_full_width_brackets(heading, target):
    assert target_for_heading(heading) == target


def test_a_club_members_state_is_no_consent_and_an_azerbaijani_address_no_job_title():
    samples = {"Mitgliedsstatus": ["aktiv", "aktiv", "ausgetreten"],
               "Ünvan": ["Bakı, Nərimanov r., Ataturk pr. 45, m. 18", "Bakı, Yasamal r., Şərifzadə küç. 112",
                         "Xırdalan, 8-ci küçə 21"]}
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert not (mapping["Mitgliedsstatus"] or "").startswith("marketing_consent")
    assert mapping["Ünvan"] == "address"
    mapping, _, _ = propose_mapping(["Ünvan"], {"Ünvan": ["Müdür", "Satış Müdürü", "Muhasebeci"]})
    assert mapping["Ünvan"] == "job_title"  # in Turkish, a title


def test_a_date_with_its_offset_from_utc_written_after_it():
    from workbench.standardize.values import parse_datetime
    assert parse_datetime("2024/03/18 14:22:05 -0400") is not None  # Highrise's "Created at"


def test_a_korean_ledgers_partner_representative_and_address_lines():
    samples = {"거래처명": ["카페 봄날", "(주)한빛베이커리", "오가닉마켓 해운대점"], "대표자명": ["김지은", "박상훈", "이수진"],
               "모바일": ["010-2345-6789", "010-8765-4321", "010-5566-7788"],
               "주소1": ["서울특별시 마포구 월드컵로12길 34", "경기도 성남시 분당구 판교역로 152", "부산광역시 해운대구 해운대로 620"],
               "주소2": ["1층", "B동 204호", "2층"]}
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert mapping == {"거래처명": "company", "대표자명": "full_name", "모바일": "mobile", "주소1": "address",
                       "주소2": "street2"}


@pytest.mark.parametrize("heading, address", [
    ("ঠিকানা", ["বাড়ি ১২, রোড ৫, ধানমন্ডি, ঢাকা", "মিরপুর ১০, ব্লক সি, ঢাকা"]),
    ("Հասցե", ["Երևան, Կոմիտասի պող. 45, բն. 12", "Երևան, Աբովյան փ. 8"]),
    ("Manzil", ["Yunusobod tumani, 4-kvartal, 12-uy", "Chilonzor, 9-mavze, 21-uy"]),
])
def test_an_address_heading_of_bengali_armenian_or_uzbek_lists_holds_whole_addresses(heading, address):
    mapping, _, _ = propose_mapping(["Name", heading], {heading: address})
    assert mapping[heading] == "address"


def test_a_dutch_ledgers_names_of_firms_beside_the_contact_person():
    samples = {"Naam": ["Tandartspraktijk Zuidplein", "Fam. Bakker", "Café 't Hoekje", "VvE Lindenhof"],
               "Contactpersoon": ["Marloes van Dijk", "Henk Bakker", "Ingrid Smits-Peeters", "Jeroen de Wit"]}
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert mapping["Naam"] == "company" and mapping["Contactpersoon"] == "full_name"


@pytest.mark.parametrize("heading, target", [
    ("Bezoekadres - Land", "country"), ("Rechnungsadresse - Land", "country:billing"), ("Secondary Mobile", "phone:other"),
    ("Alt Mob", "phone:other"), ("Ватсап", "mobile"), ("Ehliyet No", None), ("Сумма всего (тг)", "total_spent"),
    ("Acepta recibir información", "marketing_consent"), ("Saa lähettää tiedotteita sähköpostilla", "marketing_consent"),
])
def test_an_address_blocks_country_a_second_mobile_a_licence_and_more_consent_questions(heading, target):
    assert target_for_heading(heading) == target


def test_numbers_under_a_heading_that_says_another_one_are_another_phone():
    mapping, _, _ = propose_mapping(["Nome", "Contacto alternativo"],
                                    {"Contacto alternativo": ["+258 84 555 1234", "+258 82 555 9876"]})
    assert mapping["Contacto alternativo"] == "phone:other"


@pytest.mark.parametrize("heading, target", [
    ("Recebe boleto por e-mail", None), ("Digital Address", None), ("Ονοματεπώνυμο μαθητή", "full_name"),
    ("ПІБ власника", "full_name"), ("Faktura adr.", "street:billing"), ("Adr.", "street"), ("Bursdag", "birth_date"),
])
def test_a_bill_by_e_mail_a_location_code_a_pupils_or_a_pet_owners_name_and_short_addresses(heading, target):
    assert target_for_heading(heading) == target


def test_the_last_e_mail_opened_is_no_last_order_and_a_guardians_mobile_alone_stays_a_mobile():
    samples = {"Email": ["a@example.it", "b@example.it"], "Ultima apertura": ["27/11/2026 08:14", "02/09/2025 10:11"]}
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert mapping["Ultima apertura"] != "last_order_at"
    samples = {"Öğrenci": ["Ali Yılmaz", "Ece Kaya"], "Veli Cep Tel": ["0532 123 45 67", "0555 987 65 43"]}
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert mapping["Veli Cep Tel"] == "mobile"  # the guardian's mobile is the one to call, and still a mobile


def test_a_companys_register_code_and_an_identity_card_are_no_phones_nor_a_tax_pin_a_postcode():
    samples = {"Nimi": ["Pärnu Puhkemaja OÜ", "Tartu Lilled OÜ"], "Registrikood": ["12345678", "14567890"],
               "Telefon": ["+372 5123 4567", "+372 7 441 122"]}
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert mapping["Registrikood"].startswith("attribute:") and mapping["Telefon"] == "phone"
    samples = {"Paciente": ["Luz Marina Restrepo", "Juan Pablo Ochoa"], "C.C.": ["43567890", "1036654321"]}
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert mapping["C.C."].startswith("attribute:")  # a Colombian cédula's number
    samples = {"Customer Name": ["Peter Kamau", "Ochieng Motors Ltd"], "KRA PIN": ["A003456789K", "P051234567Z"]}
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert mapping["KRA PIN"] != "postcode"  # Kenya's tax PIN, eleven characters: no country's postcode


def test_a_deposit_is_not_what_was_spent_and_a_loyalty_card_is_not_the_customers_key():
    samples = {"Jina la Mteja": ["Wanjiku Mwangi", "Amina Hassan"], "Malipo ya Awali (KSh)": ["30,000", "50,000"],
               "Jumla (KSh)": ["85,000", "120,000"]}
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert mapping["Malipo ya Awali (KSh)"].startswith("attribute:")
    samples = {"ID utente": ["10234", "10412"], "Nome": ["Giulia", "Marco"], "N. tessera": ["T-0045", "T-0102"]}
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert mapping["ID utente"] == "external_id" and mapping["N. tessera"].startswith("attribute:")


@pytest.mark.parametrize("heading, target", [
    ("Szülinap", "birth_date"), ("Дата народж.", "birth_date"), ("Дата запису", "created_at"),
    ("Ödenen (TL)", "total_spent"), ("Nechce reklamu", "marketing_consent:inverted"), ("Client Alert", "notes"),
    ("Må vi sende tilbud?", "marketing_consent"), ("Kota Penagihan", "city:billing"),
    ("Alamat Pengiriman", "street:shipping"), ("Kood", "external_id"),
])
def test_birthdays_enrolments_payments_and_billing_words_of_more_languages(heading, target):
    assert target_for_heading(heading) == target


def test_a_document_number_is_no_phone_and_a_pets_name_no_first_name():
    samples = {"Razón social": ["Ferretería Don Pepe", "Lucía Gómez"], "Nro. Doc.": ["30712345678", "27345678901"]}
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert mapping["Nro. Doc."].startswith("attribute:")  # an Argentine CUIT / DNI
    samples = {"Imię i nazwisko": ["Anna Nowak", "Piotr Wiśniewski"], "Zwierzak (imię / gatunek)": ["Burek / pies",
                                                                                                   "Mruczek / kot"]}
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert mapping["Zwierzak (imię / gatunek)"].startswith("attribute:")  # the pet's name, not the customer's


@pytest.mark.parametrize("heading, target", [
    ("Receives marketing", "marketing_consent"), ("Etykiety", "tags"), ("Oppilas", "full_name"),
    ("Synt.aika", "birth_date"), ("Aloitus pvm", "created_at"), ("Proprietar", "full_name"),
    ("Nákupy celkem Kč", "total_spent"), ("Sidst pudset", "last_order_at"), ("Bem.", "notes"),
    ("初診日", "created_at"), ("Clave", "external_id"), ("DM受信", "marketing_consent"), ("EAN-nummer", None),
    ("Vrea SMS/newsletter", "marketing_consent"), ("Pupil ID", "external_id"),
])
def test_more_consent_owners_dates_and_codes_and_an_invoicing_number_that_is_no_key(heading, target):
    assert target_for_heading(heading) == target


def test_a_second_address_is_another_one_and_a_surname_heading_alone_over_whole_names_is_the_name():
    columns = ["Address Line 1", "City", "Second Address Line 1", "Second Address Line 2", "Second City",
               "Second Post Code"]
    assert [target_for_heading(c) for c in columns[2:]] == ["street:other", "street2:other", "city:other",
                                                             "postcode:other"]
    assert target_for_heading("Second line of address") == "street2"
    samples = {"Nom": ["Boulangerie Martin SARL", "Claire Dubois", "Garage Petit SAS"], "Email": ["a@b.fr", "c@d.fr", "e@f.fr"]}
    mapping, _, _ = propose_mapping(list(samples), samples)
    assert mapping["Nom"] in ("full_name", "company")
    samples = {"Nom": ["Dupont", "Martin"], "Email": ["a@b.fr", "c@d.fr"]}
    assert propose_mapping(list(samples), samples)[0]["Nom"] == "last_name"


@pytest.mark.parametrize("heading, target", [
    ("Loại khách hàng", None), ("Nguồn khách hàng", None), ("Mối quan hệ", None), ("Firma1", "company"),
    ("DENOMINACIÓN", "company"), ("DEPARTAMENTO", "region"), ("Último acceso", "last_order_at"),
    ("Posl. objednávka", "last_order_at"), ("Vizitų sk.", "order_count"), ("Middle Initials", "middle_name"),
    ("Objektadresse", "address:other"), ("Begin datum", "created_at"),
])
def test_a_vietnamese_customers_kind_and_source_are_no_names_and_more_headings(heading, target):
    assert target_for_heading(heading) == target
