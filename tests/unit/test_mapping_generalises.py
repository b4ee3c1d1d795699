"""Rules of the generic mapping found on the second tuning corpus: headings and values of systems
no profile knows, read the way a person would read them."""

from __future__ import annotations

import pytest

from workbench.ingest.heading_hints import dated_event, says_someone_else
from workbench.ingest.heading_words import target_for_heading
from workbench.ingest.mapping import plausible, propose_mapping
from workbench.ingest.sniff import detect_encoding
from workbench.standardize.values import parse_datetime, parse_yes_no


@pytest.mark.parametrize("heading, target", [
    ("Service Street 1", "street:shipping"), ("Service Zip code", "postcode:shipping"),
    ("postal_state", "region:billing"), ("postal_address1", "street:billing"), ("postal_country_id", "country:billing"),
    ("Corporate Phone", "phone:work"), ("Company City", "city:work"),
    ("Additional Emails", "email:other"), ("Additional Phones", "phone:other"), ("E-mails", "email"),
    ("Companies", "company"), ("Home Ph", "phone:home"), ("P/code", "postcode"), ("Mobilnr", "mobile"),
    ("attribute_1 <Company>", "company"), ("Entry Date", "created_at"),
    ("Keep me informed about news and offers", "marketing_consent"),
    # Romanian, Finnish, Swedish, Spanish
    ("Prenume", "first_name"), ("Nume", "last_name"), ("Oraş", "city"), ("Judeţ", "region"),
    ("Cod poştal", "postcode"), ("Data naşterii", "birth_date"), ("Observaţii", "notes"),
    ("Asiakasnro", "external_id"), ("Syntymäpäivä", "birth_date"), ("Markkinointilupa", "marketing_consent"),
    ("Vill ha erbjudanden", "marketing_consent"), ("Apellido y Nombre", "full_name"),
    ("Acepta promociones", "marketing_consent"),
    # found on the third tuning corpus
    ("Kt.", "region"), ("Voorletters", "first_name"), ("Tussenv.", "middle_name"), ("N° carte", "external_id"),
    ("Date de naiss.", "birth_date"), ("Accepte la lettre d'info ?", "marketing_consent"),
    ("Vuole ricevere le offerte?", "marketing_consent"), ("May we email you about future workshops?",
                                                          "marketing_consent"),
    ("Cognome e nome referente", "full_name"), ("userid", "external_id"),
])
def test_headings_of_systems_no_profile_knows(heading, target):
    assert target_for_heading(heading) == target


@pytest.mark.parametrize("heading", ["Donation ID", "Post Id", "Serial number", "eth_address", "solana_address",
                                     "Last Change", "Item Zip Code", "Item Country", "Last Sign In", "Sign In Count"])
def test_ids_of_other_things_and_wallets_are_no_customer_field(heading):
    assert target_for_heading(heading) is None


def test_a_column_about_someone_else_is_not_taken_for_the_customers_email_or_name():
    mapping, _, _ = propose_mapping(
        ["Email", "Contact Owner", "Salesperson"],
        {"Email": ["ana@example.org", "jo@example.org"], "Contact Owner": ["sam@shop.example", "sam@shop.example"],
         "Salesperson": ["Mitchell Admin", "Marc Demo"]})
    assert mapping["Email"] == "email"
    assert mapping["Contact Owner"].startswith("attribute:") and mapping["Salesperson"].startswith("attribute:")
    assert says_someone_else("Assigned To") and not says_someone_else("Owner")  # a pet's owner is the customer


def test_values_say_no_where_the_heading_would_mislead():
    assert not plausible("mobile", ["Ja", "Nej", "Ja"])  # "Får sms-påminnelse": whether, not the number
    assert not plausible("region", ["active", "cancelled", "active"])  # a subscriber's "state"
    mapping, _, _ = propose_mapping(["Client", "Email"], {
        "Client": ["Fairbrother & Daughters Ltd", "Müller Haustechnik GmbH", "Brightside Physio Pty Ltd"],
        "Email": ["a@x.example", "b@y.example", "c@z.example"]})
    assert mapping["Client"] == "company"  # firms, not people


def test_the_last_of_something_no_vocabulary_knows_is_a_date_when_its_values_are():
    assert dated_event("Last Groom") == "last_order_at" and dated_event("Last Change") is None
    mapping, _, _ = propose_mapping(["Name", "Last Groom"], {"Name": ["Bea Lind", "Tom Ek"],
                                                             "Last Groom": ["12/03/2025", "02/11/2025"]})
    assert mapping["Last Groom"] == "last_order_at"
    mapping, _, _ = propose_mapping(["Name", "Last Groom"], {"Name": ["Bea Lind", "Tom Ek"],
                                                             "Last Groom": ["short cut", "full clip"]})
    assert mapping["Last Groom"].startswith("attribute:")


def test_romanian_yes_and_no_and_a_cms_date_with_its_weekday():
    assert parse_yes_no("Da") is True and parse_yes_no("Nu") is False
    assert parse_datetime("Mon, 11/10/2026 - 09:11", "MDY").isoformat() == "2026-11-10T09:11:00"


def test_a_windows_1250_or_1254_file_is_read_as_such(tmp_path):
    romanian = "Nume;Oraş;Judeţ\nPopescu;Bucureşti;Sector 2\n".encode("cp1250")
    polish = "Nazwisko;Miejscowość\nKowalski;Łódź\nNowak;Wrocław\n".encode("cp1250")
    french = "Nom;Ville\nLefèvre;Besançon\nN°;Hélène\n".encode("cp1252")
    lodz = "Nazwisko;Miasto\nKowalski;Łódź\n".encode("cp1250")
    spanish = "Nombre;Pregunta\nJosé;¿Qué tal?\nRenée;£5 off\n".encode("cp1252")
    slovene = "Priimek in ime;Plačano?\nKovačič Ana;DA\n".encode("cp1250")  # č alone: è in Windows-1252
    croatian = "Prezime;Ime\nHorvatović;Ivan\n".encode("cp1250")
    western = ("Nom;Città;By\nLefèvre;Besançon;Tårnby\nMère Catherine;Perché caffè;Næstved\nCollège;València;"
               "Bjørn Ærø\n").encode("cp1252")
    turkish = "Ad Soyad;Son Bakım;SMS İzni (E/H)\nAyşe Çelik;07.03.2025;H\nMehmet Yıldız;Kadıköy;E\n".encode("cp1254")
    danish = "Navn;By\nSøren Bjørn;København\nBørge;Aarhus\n".encode("cp1252")
    czech = "Jméno;Příjmení\nJan;Černý\nEva;Nový Dvůr\n".encode("cp1250")
    for data, expected in ((romanian, "cp1250"), (polish, "cp1250"), (lodz, "cp1250"), (french, "cp1252"),
                           (spanish, "cp1252"), (slovene, "cp1250"), (croatian, "cp1250"), (western, "cp1252"),
                           (turkish, "cp1254"), (danish, "cp1252"), (czech, "cp1250")):
        path = tmp_path / "list.csv"
        path.write_bytes(data)
        assert detect_encoding(path, data) == expected


def test_two_letter_region_codes_make_a_region_column_and_flags_no_address():
    mapping, _, _ = propose_mapping(["Name", "ST", "Kanton?", "_address_default_billing_"], {
        "Name": ["Ana Ruiz", "Bo Li"], "ST": ["CO", "NY", "CO"], "Kanton?": ["ZH", "VD", "TI"],
        "_address_default_billing_": ["1", "0", "1"]})
    assert mapping["ST"] == "region" and mapping["Kanton?"] == "region"
    assert mapping["_address_default_billing_"].startswith("attribute:")
    mapping, _, _ = propose_mapping(["Name", "Ok?"], {"Name": ["Ana Ruiz", "Bo Li"], "Ok?": ["Y", "N", "Y"]})
    assert mapping["Ok?"] != "region"


@pytest.mark.parametrize("heading, target", [
    ("Emial", "email"), ("Postocde", "postcode"), ("Surename", "last_name"), ("Frist Name", "first_name"),
    ("Comapny", "company"), ("Birtday", "birth_date"), ("Telephon", "phone"), ("Countr", "country"),
    ("Geburtsdat.", "birth_date"), ("Nachn.", "last_name"), ("Vorn.", "first_name"),
])
def test_a_heading_typed_with_a_slip_or_cut_short_is_read_as_meant(heading, target):
    assert target_for_heading(heading) == target


@pytest.mark.parametrize("heading", ["Stats", "Ospite", "Positions", "Order total", "emailstatus"])
def test_a_word_of_its_own_a_plural_or_words_run_together_are_not_read_as_slips(heading):
    assert target_for_heading(heading) is None


@pytest.mark.parametrize("heading, target", [
    ("CEP de entrega", "postcode:shipping"), ("Endereço de cobrança", "street:billing"),
    ("Adresă de livrare", "street:shipping"), ("Cod poștal facturare", "postcode:billing"),
    ("Fatura Posta Kodu", "postcode:billing"), ("Poštanski broj dostave", "postcode:shipping"),
    ("Szállítási irányítószám", "postcode:shipping"), ("Διεύθυνση τιμολόγησης", "street:billing"),
    ("Pristatymo adresas", "street:shipping"), ("Город доставки", "city:shipping"),
])
def test_where_parcels_go_and_who_pays_are_told_apart_in_more_languages(heading, target):
    # Without the kind, a shipping and a billing street would be written into one address.
    assert target_for_heading(heading) == target


@pytest.mark.parametrize("heading", ["Rechnungsnummer", "Fatura No", "Laskun numero", "Arve number", "Factuurnummer"])
def test_an_invoice_number_is_never_the_customer_number(heading):
    assert target_for_heading(heading) is None


def test_norways_country_code_no_is_a_country_not_a_no():
    mapping, _origin, _notes = propose_mapping(["Landkode"], {"Landkode": ["NO", "NO", "SE", "NO"]})
    assert mapping["Landkode"] == "country"
    mapping, _origin, _notes = propose_mapping(["Landkode"], {"Landkode": ["NO", "NO", "NO", "NO"]})
    assert mapping["Landkode"] == "country"


def test_a_spanish_street_with_its_number_and_floor_is_a_street_line_not_a_whole_address():
    values = ["C/ Fuencarral, 88, 3º B", "Av. de América, 12, 5º A", "C/ Sueca, 45, pta 7", "C/ Alcalá, 201"]
    mapping, _origin, _notes = propose_mapping(["Dirección", "C.P.", "Población"],
                                               {"Dirección": values, "C.P.": ["28004"] * 4, "Población": ["Madrid"] * 4})
    assert mapping["Dirección"] == "street"
    brazil = ["Rua XV de Novembro, 1200, ap. 803 – Centro, Curitiba/PR, 80060-000",
              "Av. Sete de Setembro, 4500 – Batel, Curitiba/PR, 80240-000", "Rua Padre Anchieta, 310 – Mercês, Curitiba/PR"]
    assert propose_mapping(["Endereço"], {"Endereço": brazil})[0]["Endereço"] == "address"


def test_amounts_under_a_heading_of_purchases_are_money_not_a_count():
    mapping, _origin, _notes = propose_mapping(["Compras 2026"], {"Compras 2026": ["$ 1.250.000", "$ 480.000", "$ 95.000"]})
    assert mapping["Compras 2026"] == "total_spent"
    mapping, _origin, _notes = propose_mapping(["Compras 2026"], {"Compras 2026": ["12", "3", "7"]})
    assert mapping["Compras 2026"] == "order_count"


@pytest.mark.parametrize("heading, target", [
    ("Kod rabatowy", None), ("Rabattcode", None), ("Kod", "postcode"),
    ("LevAdresse", "street:shipping"), ("LevPostnummer", "postcode:shipping"), ("ID do contacto", "external_id"),
])
def test_a_discount_code_is_no_postcode_and_norwegian_delivery_addresses_have_their_kind(heading, target):
    assert target_for_heading(heading) == target


def test_a_barrio_is_the_town_alone_and_the_part_of_town_beside_a_city():
    alone = propose_mapping(["Barrio"], {"Barrio": ["Palermo", "Belgrano", "Recoleta"]})[0]
    assert alone["Barrio"] == "city"
    beside = propose_mapping(["Barrio", "Ciudad"], {"Barrio": ["Chicó", "El Poblado"], "Ciudad": ["Bogotá", "Medellín"]})[0]
    assert beside["Barrio"] == "street2"


@pytest.mark.parametrize("heading, target", [
    ("Plaćeno do", None),  # Croatian "paid until": was read as "place" + "no", a city
    ("Postázási cím", "street:other"), ("Postázási irányítószám", "postcode:other"),
    ("お届け先住所", "address:shipping"), ("請求書送付先", "address:billing"), ("最後購買時間", "last_order_at"),
    ("Prontuário", "external_id"), ("Fahrstunden", "order_count"), ("Greitt samtals", "total_spent"),
])
def test_headings_of_the_thirty_seventh_set_are_read_as_meant(heading, target):
    assert target_for_heading(heading) == target


def test_a_turkish_ad_beside_soyad_is_the_given_name_and_il_alone_the_town():
    columns = ["Ad", "Soyad", "Adres", "İl", "Posta Kodu"]
    samples = {"Ad": ["Ayşe", "Mehmet"], "Soyad": ["Yılmaz", "Demir"], "Adres": ["Bağdat Cad. 12", "Atatürk Blv. 5"],
               "İl": ["İstanbul", "Ankara"], "Posta Kodu": ["34710", "06420"]}
    mapping = propose_mapping(columns, samples)[0]
    assert mapping["Ad"] == "first_name" and mapping["İl"] == "city"
    with_district = propose_mapping(["İl", "İlçe"], {"İl": ["İstanbul"], "İlçe": ["Kadıköy"]})[0]
    assert with_district == {"İl": "region", "İlçe": "city"}
    assert propose_mapping(["Ad"], {"Ad": ["Summer sale", "Black Friday"]})[0]["Ad"] != "first_name"


def test_japanese_direct_mail_wanted_or_not_is_marketing_consent():
    mapping = propose_mapping(["DM送付"], {"DM送付": ["希望", "不要", "希望"]})[0]
    assert mapping["DM送付"] == "marketing_consent"
    assert parse_yes_no("希望") is True and parse_yes_no("不要") is False


def test_an_icelandic_windows_1252_file_keeps_its_letters_and_croatian_stays_windows_1250(tmp_path):
    icelandic = "Nafn;Staður;Fyrirtæki\nGuðrún Jónsdóttir;Stykkishólmur;\nÞórður Sigurðsson;Ísafjörður;Bátar ehf.\n"
    croatian = "Ime i prezime;Rođendan\nĐurđica Ivić;14.03.1985.\n"
    for text, expected in ((icelandic, "cp1252"), (croatian, "cp1250")):
        path = tmp_path / "list.csv"
        path.write_bytes(text.encode(expected))
        assert detect_encoding(path, text.encode(expected)) == expected  # not "Guđrún", "Stađur"


def test_croatian_dates_written_with_a_closing_dot_are_dates_not_phone_numbers():
    mapping, _origin, notes = propose_mapping(["Rođendan"], {"Rođendan": ["14.03.1985.", "21.07.1996.", "02.02.1990."]})
    assert mapping["Rođendan"] == "birth_date" and not notes


def test_a_crm_stage_under_estado_is_no_region_and_initials_are_no_second_given_name():
    mapping = propose_mapping(["Estado", "Provincia"], {"Estado": ["Cliente", "Oportunidad", "Cliente"],
                                                        "Provincia": ["Madrid", "Barcelona", "Sevilla"]})[0]
    assert mapping["Estado"] != "region" and mapping["Provincia"] == "region"
    mapping = propose_mapping(["Voorletters", "Voornaam", "Achternaam"],
                              {"Voorletters": ["J.P.", "A.M."], "Voornaam": ["Jan", "Anouk"], "Achternaam": ["Berg", "Jansen"]})[0]
    assert mapping["Voornaam"] == "first_name" and mapping["Voorletters"].startswith("attribute:")


def test_a_second_address_line_with_house_numbers_and_no_first_line_is_the_street():
    columns = ["都道府県", "市区町村", "番地・建物名"]
    samples = {"都道府県": ["東京都", "東京都"], "市区町村": ["渋谷区", "目黒区"],
               "番地・建物名": ["神宮前3-15-8 神宮前ハイツ402", "下目黒2-7-11"]}
    assert propose_mapping(columns, samples)[0]["番地・建物名"] == "street"
    quarter = propose_mapping(["Quartier", "Ville"], {"Quartier": ["Médina", "Plateau"], "Ville": ["Dakar", "Dakar"]})[0]
    assert quarter["Quartier"] == "street2"


def test_baltic_firms_and_their_vat_numbers():
    samples = {"Klients": ["SIA Zaļā Māja", "IK Bērziņa Dārzi", "Biedrība Saules Stari", "UAB Vilniaus prekyba"],
               "Kontaktpersona": ["Ilze Ozola", "Jānis Bērziņš", "Anna Kalniņa", "Andris Liepiņš"],
               "PVN nr.": ["LV40103456789", "", "", "LV40203123987"]}
    mapping = propose_mapping(list(samples), samples)[0]
    assert mapping["Klients"] == "company" and mapping["Kontaktpersona"] == "full_name"
    assert mapping["PVN nr."] != "external_id"


@pytest.mark.parametrize("heading, target", [
    ("Kod karty", None),  # a loyalty card's code: was a postcode
    ("Business Unit", None),  # a part of the firm: was a flat (street2:work)
    ("Plass nr", None), ("Pozice", "job_title"), ("Posílat novinky", "marketing_consent"),
    ("Service Location Zip", "postcode"), ("N.º de ficha", "external_id"), ("Paid so far", "total_spent"),
    ("No. of hires", "order_count"), ("Number of items", None),  # a vocabulary's "number of …" before the rule
])
def test_headings_of_the_fortieth_and_forty_first_sets_are_read_as_meant(heading, target):
    assert target_for_heading(heading) == target


def test_a_membership_status_is_no_subscription_status():
    mapping, _origin, _notes = propose_mapping(["Status"], {"Status": ["Active", "Active", "Lapsed", "Pending"]})
    assert mapping["Status"] != "marketing_consent"
    mapping, _origin, _notes = propose_mapping(["Status"], {"Status": ["subscribed", "pending", "unsubscribed"]})
    assert mapping["Status"] == "marketing_consent"


def test_a_files_only_key_written_as_a_uuid_is_the_customer_number_not_a_technical_column():
    uuids = ["2f8e6c1a-5b3d-4e7f-9a21-c0d4b8e3f615", "3a8e6c1a-5b3d-4e7f-9a21-c0d4b8e3f616",
             "4b8e6c1a-5b3d-4e7f-9a21-c0d4b8e3f617"]
    emails = ["sanne@example.nl", "kees@example.nl", "anouk@example.nl"]
    alone = propose_mapping(["UUID", "E-mailadres"], {"UUID": uuids, "E-mailadres": emails})[0]
    assert alone["UUID"] == "external_id"  # re-importing a newer export finds each record by it
    beside = propose_mapping(["UUID", "Klantnummer"], {"UUID": uuids, "Klantnummer": ["1001", "1002", "1003"]})[0]
    assert beside["Klantnummer"] == "external_id" and beside["UUID"].startswith("attribute:")
    assert propose_mapping(["Session UUID"], {"Session UUID": uuids})[0]["Session UUID"] is None


def test_a_plain_address_beside_a_shipping_address_is_the_billing_address():
    columns = ["Address", "City", "ZipCode", "Ship Address", "Ship City", "Ship Zip"]
    samples = {"Address": ["12 Vine St"], "City": ["Napa"], "ZipCode": ["94559"], "Ship Address": ["4 Oak Ave"],
               "Ship City": ["Sonoma"], "Ship Zip": ["95476"]}
    mapping = propose_mapping(columns, samples)[0]
    assert mapping["Address"] == "street:billing" and mapping["City"] == "city:billing"
    assert mapping["Ship Address"] == "street:shipping"
    alone = propose_mapping(["Address", "City"], {"Address": ["12 Vine St"], "City": ["Napa"]})[0]
    assert alone == {"Address": "street", "City": "city"}


def test_a_thai_tax_number_is_no_phone_and_a_thai_address_beside_its_postcode_is_whole():
    columns = ["เลขประจำตัวผู้เสียภาษี", "ที่อยู่", "รหัสไปรษณีย์"]
    samples = {"เลขประจำตัวผู้เสียภาษี": ["0105561234567", "0503559876543", "3101700123456"],
               "ที่อยู่": ["99/12 ถนนสุขุมวิท แขวงคลองตันเหนือ เขตวัฒนา กรุงเทพมหานคร",
                          "45 ถนนนิมมานเหมินท์ ตำบลสุเทพ อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่", "12 ซอยลาดพร้าว 15 แขวงจอมพล เขตจตุจักร กรุงเทพมหานคร"],
               "รหัสไปรษณีย์": ["10110", "50200", "10900"]}
    mapping = propose_mapping(columns, samples)[0]
    assert not (mapping["เลขประจำตัวผู้เสียภาษี"] or "").startswith("phone")
    assert mapping["ที่อยู่"] == "address"


def test_a_word_for_the_customers_number_beats_a_bare_id():
    samples = {"id": ["48211", "48212"], "kundnummer": ["10452", "10453"], "förnamn": ["Elin", "Anders"]}
    mapping = propose_mapping(list(samples), samples)[0]
    assert mapping["kundnummer"] == "external_id" and mapping["id"].startswith("attribute:")


def test_a_credit_limit_an_eyeglass_prescription_and_a_hubs_address_stay_out_of_the_customers_fields():
    limits = propose_mapping(["Batas Kredit"], {"Batas Kredit": ["50000000", "25000000", "100000000"]})[0]
    assert not (limits["Batas Kredit"] or "").startswith("phone")  # was read as phone numbers
    prescription = propose_mapping(["Συνταγή (ΔΕ/ΑΡ)"], {"Συνταγή (ΔΕ/ΑΡ)": ["-1.25 / -1.50", "+0.75 / +1.00"]})
    assert prescription[0]["Συνταγή (ΔΕ/ΑΡ)"] is not None  # kept, not left out as map coordinates
    assert target_for_heading("Hub Address") is None and target_for_heading("Broj noćenja") is None


@pytest.mark.parametrize("heading, target", [
    ("HP", "mobile"), ("AlamatPajak", "street:billing"), ("敬称", "title"), ("国名コード", "country"),
    ("サポーターID", "external_id"), ("初回寄付日", "created_at"), ("寄付回数", "order_count"),
    ("累計寄付額", "total_spent"), ("Antall verkstedbesøk", "order_count"), ("已上堂數", "order_count"),
])
def test_headings_of_the_forty_fourth_and_forty_fifth_sets_are_read_as_meant(heading, target):
    assert target_for_heading(heading) == target
