"""The words column headings are read by: which say an address's, an e-mail's or a phone's kind,
which add nothing, which name dates, counts, ids and papers, and which make a heading about
something other than the customer. `heading_words` reads headings with them."""

from __future__ import annotations

import json
import re
from functools import cache

from workbench.paths import resource_path

WHOLE = "heading"  # how a target was found: the heading as a whole is a known name of the field
WORDS = "words"  # found from part of the heading

# Words around a heading that say which kind of address, e-mail or phone a column holds.
QUALIFIERS: dict[str, str] = {
    **dict.fromkeys(("billing", "bill", "invoice", "rechnung", "rechnungs", "rechnungsadresse", "facturation",
                     "facturacion", "fatturazione", "factuur", "factuuradres", "po", "penagihan", "tagihan"), "billing"),
    **dict.fromkeys(("shipping", "ship", "delivery", "lieferung", "liefer", "lieferadresse", "versand",
                     "livraison", "envio", "spedizione", "consegna", "consegne", "pengiriman", "verzending", "bezorg", "aflever",
                     "sa", "afleveradres", "bezorgadres", "versandadresse", "leveringsadres"), "shipping"),
    **dict.fromkeys(("prof",), "work"),
    **dict.fromkeys(("work", "business", "office", "geschaftlich", "geschaftliche", "geschaftlicher", "beruflich",
                     "berufliche", "dienstliche", "dienstlich", "buro", "travail", "bureau",
                     "professionnel", "pro", "trabajo", "lavoro", "ufficio", "werk", "zakelijk"), "work"),
    **dict.fromkeys(("home", "private", "privat", "personal", "domicile", "perso", "casa", "thuis", "prive",
                     "personnel", "personale"), "home"),
    **dict.fromkeys(("fax", "telefax", "faks"), "fax"),
    **dict.fromkeys(("other", "secondary", "alternate", "alternative", "alt", "alter", "additional", "weitere", "autre", "otro", "altro",
                     "adicional", "adicionais", "adicionales", "aggiuntiva", "aggiuntive", "supplementaire",
                     "supplementaires",
                     "overig", "radio", "tty", "tdd", "isdn", "callback"), "other"),
    **dict.fromkeys(("car",), "mobile"),
    **dict.fromkeys(("pager", "beeper"), "other"),
    **dict.fromkeys(("arbeit", "firma", "geschaft", "geschafts", "gesch", "sluzbowy", "sluzbowa", "trabalho",
                     "comercial", "arbete", "arbejde", "jobb", "tyo"), "work"),
    **dict.fromkeys(("domowy", "domowa", "prywatny", "prywatna", "residencial", "hjem", "hemma", "dom", "priv",
                     "evening", "night", "eve", "abends", "soir"), "home"),
    **dict.fromkeys(("day", "daytime", "tagsuber", "jour"), "work"),
    **dict.fromkeys(("fijo", "festnetz", "fixe", "vaste", "fisso"), "home"),
    **dict.fromkeys(("maison", "residence", "wohnung", "woning"), "home"),
    **dict.fromkeys(("leverans", "levering", "leverings", "lever", "toimitus", "dostawy", "dostawa", "wysylki",
                     "wysylka", "doruceni", "dodani"), "shipping"),
    **dict.fromkeys(("faktura", "fakturering", "fakturerings", "laskutus", "fakturacni", "fakturacna"), "billing"),
    **dict.fromkeys(("dorucovaci", "dorucovacia", "dodaci", "dodacia", "dodacie"), "shipping"),
    # Slovene "Tel. služba" (at work), Nordic day and evening numbers, Afrikaans and Dutch "huis", Hebrew "at home",
    # Swahili "nyingine" (another)
    **dict.fromkeys(("sluzba", "sluzbeni", "sluzbena", "dag", "dagtid"), "work"),
    **dict.fromkeys(("huis", "kvall", "kvallstid", "aften", "kveld", "בבית"), "home"),
    **dict.fromkeys(("nyingine", "lingine", "alternativo", "alternativa", "alternatif", "alternatief", "alternativ"),
                    "other"),
    **dict.fromkeys(("rumah", "տուն"), "home"),  # Malay "No. Tel Rumah", Armenian "Հեռ. տուն"
    **dict.fromkeys(("дод", "додатковий", "доп", "дополнительный"), "other"),  # "Тел. дод.": an additional phone
    **dict.fromkeys(("forretning", "forretnings", "foretags"), "work"),
    # Correspondence addresses of Czech, Slovak and Polish invoicing: another address than the main one
    **dict.fromkeys(("korespondencni", "korespondencna", "korespondencyjny", "korespondencyjna"), "other"),
    # Japanese: "郵便番号(会社)" is the company's postcode, "お届け先" where parcels go, "請求先" who pays
    **dict.fromkeys(("会社", "勤務先"), "work"), **dict.fromkeys(("自宅",), "home"),
    **dict.fromkeys(("お届け先", "配送先"), "shipping"), **dict.fromkeys(("請求先",), "billing"),
    # Turkish: "Yetkili E-posta", the authorised contact's at the firm; Greek: "Τηλ. σπιτιού" (home), "Τηλ. εργασίας"
    **dict.fromkeys(("ev",), "home"),  # Turkish: "Ev Tel"
    **dict.fromkeys(("σπιτιου", "σπιτι", "οικιασ", "личный", "личная", "домашний", "особистий", "домашній", "дома",
                     "домашен", "кућни"), "home"),
    **dict.fromkeys(("рабочий", "рабочая", "робочий", "робоча", "служебный"), "work"), **dict.fromkeys(("εργασιασ", "γραφειου", "yetkili"), "work"),
    # Where parcels go and who pays, in Portuguese, Romanian, Turkish, the Balkan and Baltic languages,
    # Hungarian, Greek and Russian: "CEP de entrega", "Adresă de livrare", "Fatura Adresi", "Szállítási cím"
    **dict.fromkeys(("entrega", "livrare", "teslimat", "dostava", "dostave", "dostavu", "isporuke", "szallitasi",
                     "szallitas", "αποστολησ", "αποστολη", "pristatymo", "piegades", "tarne", "доставки",
                     "доставка"), "shipping"),
    **dict.fromkeys(("lev",), "shipping"),  # Norwegian accounting: "LevAdresse", "LevPostnummer" (levering)
    **dict.fromkeys(("postazasi",), "other"),  # Hungarian invoicing: the mailing address beside the main one
    **dict.fromkeys(("pajak",), "billing"),  # Indonesian "Alamat Pajak": the address on the tax invoice
    **dict.fromkeys(("cobranca", "facturare", "fatura", "szamlazasi", "szamlazas", "τιμολογησησ", "τιμολογηση",
                     "saskaitos", "rekina", "arve", "racuna", "плательщика", "платежный"), "billing"),
}
# Words that add nothing to what a column holds ("Default Address Zip", "Phone 1 - Value").
FILLER = {"default", "entry", "customers", "address", "primary", "main", "contact", "customer", "value", "the", "of", "der", "die",
          "du", "de", "del", "da", "di", "do", "dos", "das", "van", "mailing", "your", "my", "client", "kunde", "kunden", "field",
          "current", "preferred", "to", "person", "individual", "physical", "and", "what", "whats", "s", "is", "ihr",
          "ihre", "ihren", "dein", "deine", "votre", "vos", "ton", "ta", "tu", "tus", "su", "sus", "il", "la", "tuo",
          "tua", "je", "jouw", "uw", "adresse", "adres", "direccion", "indirizzo", "endereco", "clients", "contacts", "reminder", "reminders"}
MOBILE_WORDS = {"mobile", "mobil", "cell", "cellular", "handy", "portable", "movil", "cellulare", "mobiel", "gsm",
                "komorkowy", "komorka", "celular", "telemovel", "mobiltelefon", "matkapuhelin", "natel", "port",
                "portatil", "cel", "mob", "kom", "κινητο", "κινητου",
                # messengers reach a mobile: "SĐT/Zalo", "Телефон (Viber)"; Malaysia's hand phone: "No. Tel (HP)"
                "zalo", "viber", "telegram", "whatsapp", "wechat", "kakaotalk", "hp", "ватсап", "вотсап", "вацап"}
# A column of dates: which of the date fields its other words name.
STRONG_DATE_WORDS = {"date", "datum", "time", "timestamp", "fecha", "dato", "dt", "pvm", "when"}
DATE_WORDS = {"date", "datum", "time", "timestamp", "at", "on", "fecha", "data", "dato", "le", "am", "when", "day",
              "dt", "pvm"}
BIRTH = {"birth", "birthday", "born", "geburt", "geburtstag", "geboren", "naissance", "nacimiento", "nascita",
         "geboortedatum", "anniversaire", "cumpleanos", "compleanno", "dob", "urodzenia", "urodziny", "nascimento",
         "nasc", "fodsel", "fodselsdato", "fodselsdag", "fodelsedatum", "fodd", "fodt", "syntymaaika", "narozeni",
         "nato", "nata", "nacido", "nacida", "nac", "naiss", "fodelsedag", "syntymapaiva"}
# "Né(e) le": words that say born only beside a date word.
WEAK_BIRTH = {"ne", "nee", "nes"}
# A birth word beside one of these is about a birth, not its date ("Place of birth", "Birth name").
NOT_A_BIRTH_DATE = {"mariage", "wedding", "hochzeit", "boda", "matrimonio", "bruiloft", "huwelijk", "casamento", "place", "lugar", "lieu", "ort", "luogo", "plaats", "city", "country", "pais", "land", "stadt",
                    "ciudad", "citta", "ville", "name", "nom", "nombre", "nome", "naam", "weight", "gewicht", "poids",
                    "peso", "certificate", "urkunde", "acte", "partida", "atto"}
LAST = {"last", "latest", "recent", "most", "letzte", "letzter", "letztes", "dernier", "derniere", "ultimo",
        "ultima", "laatste", "active", "seen", "visit", "ostatni", "ostatnia", "ostatnie", "senaste", "seneste",
        "sidste", "siste", "zuletzt", "viimeisin", "posledni", "posledna", "posledny", "utolso"}
FIRST = {"since", "seit", "depuis", "desde", "sinds", "alkaen", "created", "creation", "registered", "registration", "signup", "sign", "joined", "join", "added",
         "first", "subscribed", "subscription", "optin", "member", "start", "order", "purchase", "sale", "ilk",
         "entered", "entry", "erstellt", "angelegt", "registriert", "erst", "anlage", "inscription", "alta",
         "registro", "iscrizione", "aangemaakt", "inschrijving", "registrazione", "creazione", "inserimento",
         "creacion", "criacao", "inscripcion", "ingreso", "ajout", "aanmelding", "registratie", "aanmaak", "eintritt",
         "beitritt", "anmeldung", "registrierung", "erstellung", "adhesion", "afiliacion", "od", "sedan", "siden",
         "registo", "cadastro", "rejestracji", "dodania", "utworzenia", "indmeldt",
         "indmeldelse", "innmeldt", "oprettet", "opprettet", "skapad", "registrerad", "adesao", "dal", "iscritto",
         "iscritta", "inscrit", "inscrite", "ingeschreven"}
# Words that name several fields alone ("First" of First Visit, "Last" of Last active): a run of
# one word must be more telling than these to name a field.
AMBIGUOUS = {"first", "last", "name", "given", "family", "second", "middle", "full", "number", "no", "nr", "id",
             "code", "type", "date", "status", "state", "title", "group", "reference", "ref", "account", "since",
             "added", "created", "joined", "order", "orders", "total", "amount", "value", "label", "source",
             "contact", "person", "customer", "client", "member", "subscribed", "subscription", "marketing",
             "consent", "sales", "revenue", "visits", "purchases", "transactions", "registered", "info",
             "description", "function", "position", "role", "job", "land", "nom", "nome", "naam", "kunde", "mail",
             "email", "e", "tel", "text", "codice", "codigo", "numero", "nummer", "referencia", "riferimento",
             "kenmerk"}
NAME_FIELDS = {"first_name", "middle_name", "last_name", "full_name", "company", "title", "suffix"}
# Words that make a heading about a field rather than the field ("Phone 1 - Label", "Surname Yomi").
# Vietnamese "loại" (type) and "nguồn" (source): "Loại khách hàng", the kind of customer, not its name
BLOCKERS = {"loai", "nguon", "marketplace", "marketplaces", "hub", "verified", "verification", "validated", "verifiziert", "gepruft", "verifie",
            "verificado", "verificato", "geverifieerd", "phonetic", "yomi", "furigana", "フリガナ", "ふりがな", "カナ", "かな", "ヨミ", "よみ", "department", "division", "abteilung", "symbol", "location",
            "description", "ip", "latitude", "longitude", "lat", "lng", "lon", "timezone", "gmtoff", "dstoff",
            "offset", "formatted", "owner", "visible", "deals", "deal", "assistant", "asst", "manager", "spouse",
            "partner", "referrer", "referred", "agent", "rep", "salesperson", "bank", "iban", "bic", "swift",
            "vat", "tax", "fee", "fees", "price", "currency", "balance", "sku", "quantity", "qty", "coupon",
            "discount", "invoice", "gender", "geschlecht", "sexe", "gioi", "language", "sprache", "langue", "url",
            "website", "web", "homepage", "twitter", "facebook", "linkedin", "instagram", "photo", "picture",
            "avatar", "password", "hash", "token", "uuid", "guid", "im", "chat", "skype", "messenger", "sip",
            "xmpp", "icq", "pet", "pets", "dog", "dogs", "cat", "cats", "horse", "animal", "tier", "haustier",
            "child", "children", "kid", "kids", "baby", "enfant", "kind", "kinder", "nino", "bambino",
            "signature", "belongs", "world", "continent", "custom", "emergency", "notfall", "notfallkontakt",
            "urgence", "emergencia", "emergenza", "noodgeval", "noodcontact", "ice", "hear", "heard", "erfahren",
            "connu", "conocido", "conociste", "conosciuto", "gehoord", "eth", "ethereum", "solana", "wallet",
            "bitcoin", "btc", "crypto", "mac", "item", "listing", "warehouse", "pickup", "driver", "drivers",
            "license", "licence", "fuhrerschein", "permis", "hund", "hunde", "katze", "pferd", "chien", "perro",
            "gato", "cane", "gatto", "hond", "kat", "haustiere", "mascota", "animale", "zwierzak", "zwierze",
            "zwierzaka", "mazlicek", "lemmikki", "huisdier", "kjaeledyr", "kaeledyr", "discord", "telegram",
            "tiktok", "youtube", "snapchat", "utm"}
# "Tel. P", "Phone (H)", "Tel (W)", "Ph M": one letter after a phone for its kind (privat, geschäftlich, …).
KIND_LETTERS = {"h": "home", "p": "home", "w": "work", "g": "work", "b": "work", "m": "mobile"}
KIND_COLUMN_WORDS = {"type", "label", "kind", "typ", "art"}
CATEGORY_WORDS = {"kategorie", "category", "categorie", "categoria", "categorieen"}
POINT_WORDS = {"address", "adress", "adresse", "anschrift", "phone", "telefon", "telephone", "email", "mail",
               "e", "tel", "direccion", "indirizzo", "adres", "telefoon"}
ID_WORDS = {"id", "ids", "identifier", "number", "no", "nr", "num", "nummer", "numero", "nummern"}
# Numbers of a person's or firm's papers: tax, identity, registration (CPF, NIF, NIP, Steuernummer …).
ID_DOCUMENTS = {"cpf", "cnpj", "rg", "ie", "nif", "nie", "dni", "nip", "pesel", "regon", "siret", "siren", "vat", "tax",
                "ssn", "sin", "cpr", "bsn", "personnummer", "fodselsnummer", "cf", "piva", "ust", "ustid",
                "steuernummer", "steuer", "kvk", "btw", "iban", "bic", "ein", "tin", "abn", "gst", "hetu", "rut",
                "cuit", "curp", "rfc", "nir", "insee", "versichertennr", "versicherten", "ahv", "passport", "passaporte", "identity", "identitas", "ktp", "ehliyet", "licence", "license",
                "fuhrerschein", "rijbewijs", "korkort", "ajokortti", "nik",
                "organisationsnummer", "organisasjonsnummer", "orgnr", "cvr", "ytunnus", "handelsregister", "hrb",
                "firmenbuch", "uid", "ico", "dic", "oib", "jmbg", "adoszam", "kra", "fiscale", "iva", "partita", "vergi",
                "kimlik", "gstin", "pan", "aadhaar", "kid", "contribuinte", "cedula", "ruc", "pasaporte", "vkn", "документ", "документа", "паспорт", "паспорта",
                "tunnus", "personnr", "persnr", "identificacion", "document", "documento", "dokument", "dokumentu", "dokumentti", "thue", "tckn", "єдрпоу", "іпн",
                "инн", "огрн", "кпп", "edrpou", "ipn", "inn", "mst", "npwp", "registrikood", "isikukood", "doc"}
# Identity papers by their initials alone: Colombia's "C.C." (cédula de ciudadanía), "T.I." (tarjeta de
# identidad), "C.E." (cédula de extranjería), "NIT" (a firm's tax number).
ID_INITIALS = {"cc", "ti", "ce", "nit"}
# A deposit or an advance paid ahead of a job or a booking (Swahili "malipo ya awali": the first payment).
DEPOSITS = {"deposit", "deposits", "advance", "anzahlung", "acompte", "arrhes", "anticipo", "sena", "senal", "sinal",
            "aanbetaling", "zaliczka", "zadatek", "zaloha", "eloleg", "avans", "kapora", "depozit", "awali", "akonto"}
# A card: a loyalty or member card, whose number is not the customer's own id beside one.
CARD_WORDS = {"card", "tessera", "kartya", "karte", "carte", "tarjeta", "cartao", "kaart", "karta", "kartu",
              "kortti"}
# An id of one of these is not the customer's own id.
OTHER_THINGS = {"order", "orders", "transaction", "invoice", "payment", "product", "item", "event", "ticket",
                "waiver", "job", "appointment", "booking", "reservation", "submission", "frame", "chassis",
                "vin", "plate", "kenteken", "kennzeichen", "vehicle", "contract", "meter", "fundraiser", "vergi", "kimlik", "pan",
                "gstin", "aadhaar",
                "campaign", "list", "company", "account", "session", "device", "bank", "tax", "vat", "receipt",
                "shipment", "tracking", "parent", "associated", "primary", "organization", "organisation",
                "deal", "bestellung", "rechnung", "commande", "facture", "pedido", "factura", "ordine", "fattura",
                "ordre", "ordrer", "bestilling", "bestell", "zamowienie", "zamowienia", "objednavka", "objednavky",
                "tilaus", "tilauksen", "bestelling", "encomenda", "faktura", "faktury",
                "phone", "mobile", "fax", "house", "haus", "street", "apartment", "flat", "suite", "unit",
                "attendee", "registration", "listing", "resale", "custom", "coc", "chamber", "license", "licence",
                "passport", "government", "social", "security", "employee", "staff", "voucher", "gift",
                "purchase", "network", "umsatzsteuer", "steuer", "btw", "affiliate", "tva", "iva",
                "piva", "nif", "siret", "siren", "ust", "kvk", "response", "entry", "legal", "fiscal", "fiscale", "recipient", "destinatario", "employer", "group", "store", "website",
                "shop", "site", "channel", "branch", "warehouse", "segment", "tier", "plan", "level", "policy",
                "insurance", "donation", "donations", "post", "serial", "rahmen", "rahmennummer",
                # an invoice, whose number is never the customer's: "Rechnungsnummer", "Fatura No", "Arve number"
                "rechnungs", "factuur", "lasku", "laskun", "fatura", "arve", "szamla", "racun", "racuna", "fakture",
                "facturii",
                # a company's registration and a messenger's handle: "Reģ. nr.", "LINE ID", "WeChat ID"
                "reg", "line", "wechat", "kakao", "kakaotalk", "telegram", "skype", "viber",
                # value-added tax and company registers: Latvian PVN, Lithuanian PVM, Estonian KMKR, Czech DPH / DIČ / IČO
                "pvn", "pvm", "kmkr", "dph", "dic", "ico", "oib", "regon", "krs", "afm", "cui", "cif", "cuit", "rfc",
                "abn", "gst", "ein", "tin",
                # a campsite's pitch, a parking place: "Plass nr", "Stellplatz-Nr."
                "plass", "stellplatz", "pitch", "emplacement", "parcela", "piazzola",
                # a firm's trade number for electronic invoices (Danish EAN, GLN)
                "ean", "gln"} | CARD_WORDS
# A part of a heading that only says whose field it is ("Person - Email").
ENTITIES = {"person", "contact", "customer", "client", "lead", "member", "user", "attendee", "buyer", "constituent", "patron",
            "uczestnik", "uczestnika",
            "eleve", "eleves", "alumno", "alumna", "allievo", "allieva", "schuler", "leerling", "paciente", "paziente",
            "subscriber", "profile", "kunde", "kontakt", "persona", "cliente", "klant", "contatto", "individual",
            "guest", "kontr", "kontrahent", "donor", "patient", "participant", "student", "registrant", "applicant", "visitor",
            "supporter", "volunteer", "purchaser", "gast", "teilnehmer", "mitglied", "invite", "socio", "adherent",
            "deelnemer", "ospite", "huesped", "participante", "invitee", "customers", "contacts", "clients", "users",
            "members", "subscribers", "leads", "adherente", "lid", "leden", "membre",
            "iscritto", "tesserato", "medlem", "klienta", "klient", "kund", "referente",
            "usuario", "usuaria", "utente", "utilisateur", "benutzer", "utilizador", "pacjent", "pacjenta", "pacient",
            "pacienta", "pacijent", "pacijenta", "potilas", "ucznia", "czlonka", "clena", "soci", "socia", "aluno",
            "aluna", "asiakas", "asiakkaan", "ugyfel", "musteri", "klijent", "klijenta", "stranke", "membru", "darce",
            "darca", "darcu", "ученика", "ученик", "учня", "учень", "учениці", "μαθητη", "μαθητριασ", "μαθητρια",
            "власника", "власниці", "владельца"}
# Words written another way: numbers spelled out, the plural of a contact point ("subscribed_to_emails").
WORD_FORMS = {"one": "1", "two": "2", "three": "3", "four": "4", "emails": "email",
              "phones": "phone", "companies": "company", "addresses": "address", "addr": "address", "adr": "address"}
# Date words that make a date no date of the customer's: the record's upkeep, plans, leavings.
NOT_A_CUSTOMER_DATE = {"activity", "modified", "updated", "bijgewerkt", "aktualisiert", "actualizado", "aggiornato",
                       "atualizado", "zaktualizowano", "uppdaterad", "opdateret", "oppdatert", "paivitetty", "changed", "change", "edited", "edit", "update", "next", "expected", "due", "planned",
                       "scheduled", "out", "unsubscribed", "unsub", "optout", "cancelled", "canceled", "deleted",
                       "closed", "expiry", "expires", "expiration", "statement", "consent", "confirm",
                       "confirmed", "geandert", "modifie", "modificado", "modificato", "gewijzigd", "end", "ends",
                       "ended", "renewal", "renews", "ende", "fin", "einde", "termination", "contacted", "emailed",
                       "called", "sent", "reminded", "followup", "scadenza", "vencimiento", "echeance", "ablauf",
                       "open", "opened", "opens", "click", "clicked", "clicks", "login", "logins", "logged", "signin",
                       "apertura", "aperture", "ouverture", "abertura", "otevreni", "otwarcie",  # an e-mail opened
                       "logon", "logowanie", "logowania", "inloggning", "connexion", "acceso", "accesso", "interaction",
                       "interactions", "touchpoint",
                       "stk", "mot", "tuv", "itv", "nct", "inspection", "inspekce", "hu", "vacuna", "vaccine", "vaccines",
                       "vaccination", "vaccinations", "impfung", "vaccin", "vaccino", "vacina", "szczepienie", "rokote",
                       "otwarcia", "klikniecie", "로그인", "접속", "ログイン", "登录", "登入", "modifica", "modifiche",
                       "modificacion", "modification", "modificacao", "anderung", "wijziging", "zmiana", "uprava"}
STARTS = {"start", "starts", "begin", "begins", "beginn", "debut", "inicio", "inizio", "aanvang"}
OCCASIONS = {"event", "occasion", "session", "course", "class", "webinar", "show", "performance", "tour", "trip",
             "concert", "workshop", "veranstaltung", "evenement", "evento", "kurs", "cours", "curso", "corso"}
DATE_VERBS = {"added", "created", "registered", "joined", "modified", "updated", "seit", "since", "depuis", "dal", "desde",
              "sinds", "submitted", "submission", "submit"}
# "Last walk", "Letzter Termin", "Dernier séjour": the last of the customer's visits or orders, by
# whatever name; "First came in", "1ère visite", "Erstkauf": the first.
LAST_LEADS = {"last", "latest", "letzter", "letzte", "letztes", "letze", "ult", "ulti", "dernier", "derniere", "ultimo", "ultima",
              "laatste", "recent", "most", "ostatni", "ostatnia", "ostatnie", "senaste", "seneste", "sidste", "siste",
              "posledni", "posledna", "posledny", "utolso", "son", "viimane", "zadnji", "zadnja", "zadnje", "ultimul",
              "τελευταια", "τελευταιο", "pedejais", "pedeja", "paskutinis", "paskutine"}
# "Auftrag zuletzt", "Besuch zuletzt": the last, said after the event.
LAST_TAILS = {"zuletzt", "last"}
FIRST_LEADS = {"first", "1st", "1ere", "1er", "1re", "1o", "1a", "erster", "erste", "erstes", "primer", "primera",
               "pierwsza", "pierwszy", "pierwsze", "forsta", "forste", "primeiro", "primeira",
               "prima", "primo",
               "eerste", "premier", "premiere", "pierwszej", "ilk", "esimene", "prvi", "prva", "prvo", "primul",
               "pirmais", "pirma", "pirmas", "πρωτη", "πρωτο"}
# "Nb d'achats", "Aantal bezoeken", "Classes taken": how many of the customer's visits or orders.
COUNT_LEADS = {"nb", "nbr", "nombre", "anzahl", "aantal", "numero", "count", "cantidad", "total", "number", "no",
               "ilosc", "liczba", "antal", "antall", "quantidade", "qtd", "pocet", "szama",
               "num", "n", "how", "many", "qtde", "completed", "finished", "kac", "ποσεσ", "mitu", "koliko",
               "cate", "cati", "hany", "kiek", "cik", "ile", "jumlah", "so", "jml", "quante", "quanti"}
COUNT_TAILS = {"taken", "done", "made", "attended", "booked", "visited", "bought", "placed", "count", "gesamt", "sayisi"}
EVENTS = {"rendez", "rdv", "cortes", "corte", "reservierungen", "reservierung", "reservations", "reservas",
          "zakazek", "zakazky", "zakazka", "navstev", "navstevy", "objednavek", "objednavky", "servis", "servisu",
          "napraw", "naprawy", "vistelser", "vistelse", "latogatas", "latogatasok", "groom", "grooms", "groomings",
          "txn", "txns", "transaction", "transactions", "order", "orders", "purchase", "purchases", "visit", "visits", "booking", "bookings", "appointment",
          "appointments", "stay", "stays", "sejour", "sejours", "achat", "achats", "commande", "commandes",
          "besuch", "besuche", "bezoek", "bezoeken", "visite", "visita", "visitas", "ordini", "ordine", "pedido",
          "pedidos", "compra", "compras", "class", "classes", "session", "sessions", "walk", "walks", "donation", "donations",
          "gift", "gifts", "spende", "spenden", "don", "dons", "donacion", "donaciones", "donazione", "donazioni",
          "donatie", "donaties", "termin",
          "termine", "reservation", "lesson", "lessons", "treatment", "treatments", "kauf",
          "kaufe", "einkauf", "einkaufe", "aankoop", "aankopen", "acquisti", "acquisto", "trip", "trips", "came",
          "attended", "revision", "service", "services", "haircut", "haircuts", "seen", "in", "job", "jobs",
          "auftrag", "auftrage", "einsatz", "zakup", "zakupy", "zamowienie", "wizyta", "kop", "kob", "kjop",
          "besok", "besog", "callout", "callouts", "repair", "repairs", "reparation", "reparationer",
          "reparaties", "reparatur", "reparaturen", "attendances",
          "siparis", "siparisler", "gelis", "prova", "provalar", "bakim", "bakimlar", "banhos", "banho", "tosas",
          "чеков", "чеки", "yikama", "yikamalar", "ziyaret", "ziyaretler", "φορεσ", "ηρθε", "επισκεψεισ", "comenzi", "vizite",
          "obiskov", "nakupov", "dolazaka", "narudzbi", "kunjungan", "pembelian", "transaksi", "pesanan", "lawatan", "seance", "seances", "consultation",
          "consultations", "sesion", "sesiones", "sitzung", "sitzungen", "behandlung", "behandlungen", "afspraak",
          "afspraken", "cita", "citas", "appuntamento", "appuntamenti", "seduta", "sedute", "soggiorno",
          "soggiorni", "estancia", "estancias", "aufenthalt", "aufenthalte", "verblijf", "overnachting",
          "overnachtingen", "ubernachtung", "ubernachtungen", "nuitee", "nuitees", "wizyty", "wizyt",
          "zakupow", "zamowien", "zamowienia", "besoek"}
NOT_EVENTS = {"title", "titel", "position", "name", "description", "type", "channel", "kanal", "canal", "source",
              "quelle", "bron", "fonte", "fuente"}
# Orders or visits still to come or that did not happen: "Pending Appointments", "Upcoming Bookings", "No-shows".
NOT_DONE = {"pending", "upcoming", "future", "missed", "noshow", "noshows", "cancelled", "canceled", "planned",
            "scheduled", "open", "offen", "geplant", "storniert", "annule", "annulee", "cancelado", "cancelada",
            "annullato", "geannuleerd", "kommende", "prochain", "prochains", "proximas", "prossimi"}
# "Postal Code Suffix", "Street Number Suffix", "Phone Extension": an appendage of a field, not the field.
APPENDAGES = {"suffix", "extension", "ext", "addition", "zusatz", "toevoeging"}
# One-word dates ("Erstellungsdatum", "Geboortedatum", "createdate"): what the word before "datum" / "date"
# begins with says which date it is.
DATE_STEMS = (
    ("birth_date", ("geburt", "geboorte", "birth", "naissance", "nacimiento", "nascita", "fodsel", "fodel")),
    ("last_order_at", ("letzt", "laatst", "lastorder", "lastvisit", "lastpurchase")),
    ("created_at", ("erstell", "anlage", "anleg", "registr", "anmelde", "eintritt", "beitritt", "aufnahme", "erfass",
                    "aanmaak", "aanmeld", "inschrijf", "lidmaatschap", "create", "signup", "join", "regist")),
)
MONEY = {"amount", "value", "sum", "spent", "paid", "revenue", "betrag", "summe", "montant", "importe", "importo",
         "bedrag", "valeur", "valor", "valore", "waarde", "days", "tage", "jours", "dias", "giorni", "dagen",
         "credit", "kredit", "limit", "batas", "plafond", "limite"}  # "Batas Kredit": a credit limit
FAX_WORDS = {"number", "no", "nr", "nummer", "numero", "num", "phone", "tel", "telephone", "telefon", "line"}

# Words of headings read in context: kinds before a part, ids of elsewhere, whose field, money, conjunctions.
# Words before an address part, an e-mail or a phone that give it a kind only there ("Service Street",
# "Postal State", "Company Phone"): elsewhere they mean other things (a service, a postcode, a company).
PREFIX_KINDS = {"service": "shipping", "property": "shipping", "postal": "billing", "company": "work",
                "corporate": "work", "organization": "work", "organisation": "work", "employer": "work",
                "rec": "shipping", "recipient": "shipping"}  # "RecAddress": where an invoice's goods go
ID_QUALIFIERS = {"unique", "system", "internal"}
ELSEWHERE = {"external", "parent", "linked", "legacy", "old", "reference", "ref"}
# Words that make a column someone else's: the record's owner in the business, an agent, a referrer.
SOMEONE_ELSE = {"owner", "agent", "rep", "salesperson", "vendedor", "vendedora", "vendeur", "venditore", "verkoper",
                "verkaufer", "sprzedawca", "assigned", "assignee", "manager", "referrer", "referred",
                "spouse", "partner", "assistant", "asst", "emergency", "notfall", "urgence", "emergencia",
                "emergenza", "noodgeval", "creator", "modifier", "staff", "employee"}
# Vietnamese staff and salesperson, in words of one syllable that alone mean other things ("nhân" folds to "nhãn", a label)
SOMEONE_ELSE_PHRASES = ("nhan vien", "nguoi phu trach", "nguoi ban")


def names_someone_else(key: str) -> bool:
    """Does a normalised heading hold one of the phrases of someone else (the salesperson, the staff)?"""
    return any(f" {phrase} " in f" {key} " for phrase in SOMEONE_ELSE_PHRASES)
NAME_FIRST = {"prima", "primo", "premier", "premiere"}  # also first names' words in other senses
GROUPS = {"phones", "emails", "addresses", "links", "names", "urls", "socials"}
WHO_DID = {"created", "updated", "modified", "owner", "assigned", "assignee", "deleted", "edited"}
CURRENCY_CODES = {"eur", "usd", "gbp", "chf", "cad", "aud", "sek", "nok", "dkk", "pln", "czk", "huf", "brl", "mxn",
                  "lei", "ron", "rsd", "bgn", "uah", "rub", "try", "inr", "php", "vnd", "idr", "myr", "thb", "zar",
                  "kc", "zl", "ft"}
ONE_SALE = {"net", "gross", "tax", "vat", "fee", "fees", "shipping", "order", "sale", "discount", "item", "line"}
TOTAL_WORDS = {"total", "totale", "totaal", "gesamt", "summe", "somme", "suma", "soma", "sum", "totalt", "yhteensa",
               "tot", "celkem", "celkova", "osszesen", "lacznie", "wydano", "razem", "paid", "spent", "toplam", "jumla",
               "jumlah", "итого", "всего", "продано", "сума", "tong", "รวม", "المجموع", "اجمالي",
               # paid, beside a currency: "Uplaćeno (din)", "Malipo (TSh)", "Befizetve (Ft)", "ยอดชำระ (บาท)" (its vowel
               # split in two, as headings are compared)
               "uplaceno", "placeno", "zaplaceno", "zaplacono", "malipo", "befizetve", "bezahlt", "betaald", "betalt",
               "pagato", "pagado", "pago", "paye", "payee", "maksettu", "ยอดชําระ", "ชําระ", "platit", "сплачено",
               "оплачено", "binayad", "pagas", "pagos", "pagadas", "pagados", "paguar"}
CONJUNCTIONS = {"and", "und", "et", "y", "e", "en", "i", "og", "och", "a", "ja"}
NOT_OWN_NAME = {"preferred", "nick", "alias", "pseudonym", "spitzname"}
SOMEONE_RESPONSIBLE = {"guardian", "guardians", "parent", "parents", "mother", "father", "vormund", "tuteur",
                       "erziehungsberechtigter", "eltern", "responsable", "foresatt", "foresatte", "vardnadshavare",
                       # not "tutor": in a Brazilian pet shop the pet's "tutor" is the customer
                       "huoltaja", "opiekun", "rodzic", "ouder", "voogd", "genitore", "tutore", "forralder",
                       "foralder", "foraldrar", "foraelder", "foraelders", "foraeldre", "vaerge", "malsman", "verge",
                       "apoderado", "acudiente", "encarregado", "responsavel", "roditelj", "roditelja", "roditelji",
                       "rodic", "rodice", "rodzica", "rodzicow", "ebeveyn", "veli", "szulo", "gondviselo", "ouders",
                       "genitori", "padres", "madre", "padre", "mutter", "vater", "mere", "pere",
                       "moeder", "vader", "mae", "pai", "родитель", "родителя", "родители", "опекун", "батьки",
                       "батько", "мати", "vanem", "vanema", "vecaks", "vecaki", "tevai", "globejas", "szulei",
                       "szuloi", "szulok", "родителей", "родителям", "батьків", "parinte", "parinti", "parintelui",
                       "parintilor", "ota", "onasi", "γονεα", "γονεων", "γονιου", "κηδεμονα"}
# Pictures a consent column may be about ("Photo consent", "Samtykke til bilder"): no mailings.
PICTURE_WORDS = {"photo", "photos", "foto", "fotos", "picture", "pictures", "image", "images", "bilder", "billeder",
                 "bilde", "bild", "kuvat", "kuva", "zdjecia", "zdjec", "fotografie", "fotografia", "video", "videos"}

# A yes/no question's answers written into its heading: "(Y/N)", "(sì/no)", "✅/❌", "… ja/nej", "Uutiskirje K/E".
ANSWER_HINT = re.compile(r"\(\s*(?:yes|y|ja|j|oui|o|si|sí|sì|sim|s|x|ano|a|igen|i|da|tak|kyllä|k|evet|e|да|д|jah"
                         r"|taip|bai|ya|có|ndiyo|نعم|כן|ie)\s*/\s*"
                         r"(?:no|n|nein|non|nee|não|nao|ne|nem|nie|nej|ei|e|hayır|h|нет|н|nu|ez|tidak|không|hapana|na"
                         r"|لا|לא|не)\s*\)|✅\s*/\s*❌"
                         r"|\s(?:yes|ja|oui|si|sí|sì|sim|ano|tak|kyllä|k|evet|да|y|j|o|s|t|a|da|jah|taip|ya)\s*/\s*"
                         r"(?:no|nein|non|nee|não|nao|ne|nie|nej|ei|e|hayır|нет|n|nu|tidak)\s*$",
                         re.IGNORECASE)


@cache
def more_words(word_class: str) -> frozenset[str]:
    """The words of one class (first, last, since, count, events, marketing_objects, consent_verbs) in the
    languages of resources/reference/heading_words_languages.json."""
    data = json.loads(resource_path("reference", "heading_words_languages.json").read_text(encoding="utf-8"))
    return frozenset(data[word_class])


FIRST_LEADS |= more_words("first")
LAST_LEADS |= more_words("last")
FIRST |= more_words("since")
COUNT_LEADS |= more_words("count")
EVENTS |= more_words("events")

# Words of the rules read in heading_words: an address named by a compound word ("Postadresse"), loyalty points,
# a number's leads, "no" before a channel, a private party beside a firm, one order's number.
ADDRESS_ENDINGS = ("adresse", "adres", "anschrift", "adress")
# Words that are no slip of the keys for a known heading one letter away: "Matrícula" (a car's plate in a
# Portuguese workshop, an enrolment in a Spanish school) is not Italian "Matricola" (a student's number).
# Headings that mean a field only alone: Turkish "Not" (a note), Afrikaans "Van" (the surname); within other
# headings they are words of another language ("Do Not Call", "Naam van kliënt").
WHOLE_ONLY = {"not": "notes", "van": "last_name"}
NOT_SLIPS = {"matricula", "stelnr", "contrato", "contrat", "contratto", "contrakt"}  # a contract is no contact
# A discount or voucher code, which a heading's "Kod" / "Code" may otherwise make a postcode
DISCOUNTS = {"karty", "karta", "karte", "kartennummer", "card", "carte", "tarjeta", "cartao",  # a loyalty card's code
             "rabatowy", "rabatu", "rabat", "rabatt", "rabattcode", "discount", "korting", "kortingscode", "sconto",
             "descuento", "desconto", "remise", "coupon", "kupon", "kuponu", "voucher", "gutschein", "gutscheincode",
             "promo", "promocode", "promocional", "promocji", "slevovy", "zlavovy", "popust", "kedvezmeny", "indirim"}
NIGHTS = {"nights", "night", "nocenja", "nocenje", "notti", "noches", "nuits", "nuitees", "nachte", "nachten", "netter",
          "natter", "naetter", "nocy", "noci", "ejszaka", "ejszakak", "nopti", "geceleme", "泊数"}
LOYALTY_POINTS = {"points", "point", "punkte", "punten", "puntos", "punti", "pontos", "punkty", "poeng", "pisteet", "poang"}
NUMBER_LEADS = {"номер", "numer", "cislo", "numar", "numero", "nummer", "number", "nr", "no"}
ONE_NUMBER_LEADS = {"no", "n", "nro", "num", "numero", "nr", "numer"}  # also "number of" before a plural
NO_LEADS = {"kein", "keine", "geen", "pas", "sin", "niet", "nessuna", "nessuno", "ingen", "ikke", "ej", "nie", "ei",
            "nao", "sem", "nu"}
PRIVATE_PARTY = {"particulier", "particuliere", "prive", "privat", "private", "privato", "privado", "privada",
                 "individual", "individuo", "consumer", "consument", "particular", "privatperson", "privatkunde"}
# One order, purchase or booking (singular), whose number a shop's export gives.
ONE_ORDER = {"pedido", "commande", "ordine", "compra", "achat", "bestellung", "zamowienia", "zamowienie", "order",
             "objednavky", "objednavka", "encomenda", "venda", "venta", "booking", "reserva", "reservation",
             "rezerwacji", "bestelling", "ordre", "tilaus", "tilauksen", "narudzbe", "comanda", "comenzii"}
# Whose field, written before it without a space in Japanese, Chinese and Korean: the orderer's, the customer's.
CJK_OWNERS = ("注文者", "購入者", "顧客", "お客様", "会員", "购买人", "购买者", "客户", "客戶", "会员", "會員", "주문자", "구매자",
              "고객", "회원")
# What a status column holds when it is about the account, the subscription or the sales stage, not a region
# ("State": active / cancelled; "Estado": Cliente / Oportunidad).
STATES_OF_THINGS = {"active", "inactive", "cancelled", "canceled", "pending", "confirmed", "unconfirmed",
                    "subscribed", "unsubscribed", "bounced", "cleaned", "archived", "deleted", "blocked", "open",
                    "closed", "new", "lead", "complained", "expired", "paused", "trial", "enabled", "disabled",
                    "activo", "activa", "inactivo", "inactiva", "ativo", "ativa", "inativo", "inativa", "attivo",
                    "attiva", "inattivo", "inattiva", "aktiv", "inaktiv", "actif", "inactif", "suspendido", "bloqueado", "bloqueada",
                    # a CRM's or a practice's stages: "Estado": Cliente / Oportunidad, "Estado del contacto": En tratamiento / Alta
                    "customer", "client", "cliente", "opportunity", "oportunidad", "oportunidade", "opportunite",
                    "prospect", "prospecto", "interesado", "interesada", "interessent", "qualified", "cualificado",
                    "won", "lost", "ganado", "perdido", "nuevo", "nueva", "novo", "nova", "en tratamiento", "alta",
                    "baja", "de baja", "kunde"}
