"""The places, names and number plans the golden population is drawn from.

A small shop in Germany with customers in its neighbours and a few overseas: ten countries,
each with its own names, streets written its own way, postcodes, e-mail providers and the
salutation its people use. Kept short on purpose: a handful of common names per country makes
people who share a name happen by themselves, as they do in a real customer list.
"""

from __future__ import annotations

from dataclasses import dataclass

# How many of the shop's customers live where (a European shop with some overseas buyers).
COUNTRY_WEIGHTS = {"DE": 34, "AT": 10, "CH": 8, "FR": 9, "NL": 8, "GB": 7, "IT": 7, "ES": 5, "US": 8, "CA": 4}

LANGUAGE = {"DE": "de", "AT": "de", "CH": "de", "FR": "fr", "NL": "nl", "GB": "en", "US": "en", "CA": "en",
            "IT": "it", "ES": "es"}
COUNTRY_NAMES = {  # as a person types the country in their own language, and in English
    "DE": ("Deutschland", "Germany"), "AT": ("Österreich", "Austria"), "CH": ("Schweiz", "Switzerland"),
    "FR": ("France", "France"), "NL": ("Nederland", "Netherlands"), "GB": ("United Kingdom", "United Kingdom"),
    "US": ("United States", "United States"), "CA": ("Canada", "Canada"), "IT": ("Italia", "Italy"),
    "ES": ("España", "Spain"),
}
SALUTATIONS = {  # (male, female) as the person's language writes them
    "de": ("Herr", "Frau"), "fr": ("M.", "Mme"), "nl": ("Dhr.", "Mevr."), "en": ("Mr.", "Ms."),
    "it": ("Sig.", "Sig.ra"), "es": ("Sr.", "Sra."),
}


@dataclass(frozen=True)
class City:
    name: str
    postcode: str
    region: str  # state / province code where the country's forms ask for one, else ""


FIRST_NAMES: dict[str, tuple[list[str], list[str]]] = {  # language → (male, female)
    "de": (["Thomas", "Michael", "Andreas", "Stefan", "Jürgen", "Lukas", "Jonas", "Matthias", "Sebastian",
            "Florian", "Tobias", "Jörg", "Günter", "Maximilian", "Johannes", "Alexander"],
           ["Katharina", "Anna", "Julia", "Sabine", "Claudia", "Monika", "Lena", "Sophie", "Bärbel", "Jana",
            "Elisabeth", "Franziska", "Ursula", "Christina", "Mareike", "Hannah"]),
    "fr": (["Jean", "Pierre", "Nicolas", "François", "Jérôme", "Luc", "Julien", "Mathieu"],
           ["Marie", "Camille", "Élodie", "Hélène", "Sophie", "Céline", "Amélie", "Chloé"]),
    "nl": (["Jan", "Pieter", "Sander", "Thijs", "Bram", "Daan"],
           ["Sanne", "Anouk", "Femke", "Lotte", "Marieke", "Eva"]),
    "en": (["John", "William", "James", "Robert", "David", "Michael", "Thomas", "Daniel", "Christopher"],
           ["Sarah", "Elizabeth", "Emily", "Jennifer", "Margaret", "Olivia", "Laura", "Rebecca", "Katherine"]),
    "it": (["Marco", "Giuseppe", "Luca", "Alessandro", "Giovanni", "Niccolò"],
           ["Giulia", "Francesca", "Chiara", "Federica", "Elena", "Sara"]),
    "es": (["José", "Javier", "Carlos", "Alejandro", "Sergio", "Andrés"],
           ["María", "Lucía", "Carmen", "Elena", "Marta", "Raquel"]),
}
# The short forms people go by, as the owner's phone or the till knows them.
NICKNAMES = {
    "William": "Bill", "Robert": "Bob", "Elizabeth": "Liz", "Katherine": "Kate", "Margaret": "Maggie",
    "Christopher": "Chris", "Michael": "Mike", "James": "Jim", "Daniel": "Dan", "Jennifer": "Jenny",
    "Katharina": "Kati", "Johannes": "Hannes", "Alexander": "Alex", "Maximilian": "Max", "Elisabeth": "Lisa",
    "Franziska": "Franzi", "Matthias": "Matze", "Sebastian": "Basti", "Christina": "Tina",
    "Alessandro": "Alex", "Giuseppe": "Beppe", "Francesca": "Franci", "José": "Pepe", "Javier": "Javi",
    "Alejandro": "Álex", "Nicolas": "Nico", "Pieter": "Piet",
}
LAST_NAMES: dict[str, list[str]] = {
    "DE": ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schäfer",
           "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann", "Krüger",
           "Hoffmann", "Lehmann", "Köhler", "Weiß", "Jäger", "Groß", "Braun"],
    "AT": ["Gruber", "Huber", "Bauer", "Wagner", "Pichler", "Steiner", "Moser", "Mayer", "Hofer",
           "Leitner", "Berger", "Fuchs", "Eder", "Fischer", "Schwarz", "Schöbel"],
    "CH": ["Müller", "Meier", "Schmid", "Keller", "Weber", "Huber", "Schneider", "Meyer", "Steiner",
           "Fischer", "Gerber", "Brunner", "Baumann", "Frei", "Zürcher"],
    "FR": ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Lefèvre",
           "Moreau", "Laurent", "Girard", "Roux", "Fournier", "Lemaître"],
    "NL": ["de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser",
           "Smit", "Meijer", "de Boer", "Mulder"],
    "GB": ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Evans",
           "Thomas", "Roberts", "O'Brien"],
    "US": ["Smith", "Johnson", "Williams", "Brown", "Miller", "Davis", "Garcia", "Wilson", "Anderson",
           "Taylor", "Moore", "McDonald"],
    "CA": ["Smith", "Tremblay", "Martin", "Roy", "Gagnon", "Lee", "Wilson", "Côté", "MacDonald", "Campbell"],
    "IT": ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino",
           "Greco", "De Luca", "Bruno"],
    "ES": ["García López", "Fernández Ruiz", "González Martín", "Rodríguez Sánchez", "Martínez Gómez",
           "Sánchez Díaz", "Pérez Moreno", "Gómez Álvarez", "Jiménez Navarro", "Muñoz Romero"],
}
CITIES: dict[str, list[City]] = {
    "DE": [City("Freiburg im Breisgau", "79098", "BW"), City("Freiburg im Breisgau", "79102", "BW"),
           City("Emmendingen", "79312", "BW"), City("Lörrach", "79539", "BW"), City("Offenburg", "77652", "BW"),
           City("Karlsruhe", "76133", "BW"), City("Stuttgart", "70173", "BW"), City("München", "80331", "BY"),
           City("Berlin", "10435", "BE"), City("Hamburg", "20095", "HH"), City("Köln", "50667", "NW"),
           City("Dresden", "01099", "SN"), City("Leipzig", "04109", "SN"), City("Frankfurt am Main", "60311", "HE")],
    "AT": [City("Wien", "1050", "9"), City("Wien", "1070", "9"), City("Graz", "8010", "6"),
           City("Innsbruck", "6020", "7"), City("Salzburg", "5020", "5"), City("Linz", "4020", "4")],
    "CH": [City("Basel", "4051", "BS"), City("Zürich", "8004", "ZH"), City("Bern", "3011", "BE"),
           City("Luzern", "6003", "LU"), City("Winterthur", "8400", "ZH")],
    "FR": [City("Strasbourg", "67000", ""), City("Mulhouse", "68100", ""), City("Colmar", "68000", ""),
           City("Paris", "75011", ""), City("Lyon", "69003", ""), City("Nancy", "54000", "")],
    "NL": [City("Amsterdam", "1016 DV", "NH"), City("Utrecht", "3511 AB", "UT"), City("Rotterdam", "3024 TH", "ZH"),
           City("Den Haag", "2511 CV", "ZH"), City("Eindhoven", "5611 AZ", "NB")],
    "GB": [City("London", "SE5 9NR", ""), City("London", "N1 7GU", ""), City("Manchester", "M4 1HQ", ""),
           City("Bristol", "BS1 4DJ", ""), City("Leeds", "LS1 4DL", ""), City("Edinburgh", "EH1 1YZ", "")],
    "US": [City("Portland", "97209", "OR"), City("Boston", "02116", "MA"), City("Chicago", "60618", "IL"),
           City("Austin", "78701", "TX"), City("Seattle", "98105", "WA"), City("New York", "10013", "NY")],
    "CA": [City("Toronto", "M5H 2N1", "ON"), City("Montréal", "H2J 2L3", "QC"), City("Vancouver", "V6B 1A1", "BC"),
           City("Ottawa", "K1N 5Y5", "ON")],
    "IT": [City("Milano", "20124", "MI"), City("Torino", "10122", "TO"), City("Bolzano", "39100", "BZ"),
           City("Roma", "00184", "RM"), City("Bologna", "40121", "BO")],
    "ES": [City("Madrid", "28005", "M"), City("Barcelona", "08001", "B"), City("Valencia", "46001", "V"),
           City("Sevilla", "41001", "SE")],
}
# Street names; the house number goes after them (number_first says where the country puts it).
STREETS: dict[str, list[str]] = {
    "DE": ["Hauptstraße", "Bahnhofstraße", "Gartenstraße", "Schillerstraße", "Goethestraße", "Kirchweg",
           "Lindenallee", "Am Mühlbach", "Kaiser-Joseph-Straße", "Schwarzwaldstraße", "Rosenweg", "Talstraße"],
    "AT": ["Mariahilfer Straße", "Schönbrunner Straße", "Hauptplatz", "Lindengasse", "Kirchengasse",
           "Gußhausstraße"],
    "CH": ["Bahnhofstrasse", "Dorfstrasse", "Seestrasse", "Kirchgasse", "Rheinweg", "Freie Strasse"],
    "FR": ["rue de la République", "avenue Jean Jaurès", "rue des Lilas", "boulevard Victor Hugo",
           "rue Pasteur", "place du Marché"],
    "NL": ["Keizersgracht", "Dorpsstraat", "Kerkstraat", "Molenweg", "Prinsengracht", "Stationsplein"],
    "GB": ["High Street", "Station Road", "Church Lane", "Victoria Road", "Park Avenue", "Mill Lane"],
    "US": ["Main Street", "Oak Avenue", "Elm Street", "Maple Drive", "Park Avenue", "Cedar Lane"],
    "CA": ["Queen Street West", "Rideau Street", "Maple Avenue", "King Street East", "Elm Street"],
    "IT": ["Via Roma", "Via Garibaldi", "Corso Vittorio Emanuele", "Via Dante", "Piazza del Duomo",
           "Via Mazzini"],
    "ES": ["Calle Mayor", "Calle de Toledo", "Avenida de la Constitución", "Calle Real", "Paseo del Prado"],
}
NUMBER_FIRST = {"FR", "GB", "US", "CA"}
# Short forms of street words as people type them (the import expands them back).
STREET_SHORT = [("straße", "str."), ("Straße", "Str."), ("strasse", "str."), ("Street", "St"),
                ("Avenue", "Ave"), ("Drive", "Dr"), ("Lane", "Ln"), ("Road", "Rd"), ("Calle ", "C/ ")]
MAIL_DOMAINS = {
    "DE": ["gmx.de", "web.de", "t-online.de", "gmail.com", "posteo.de"],
    "AT": ["gmx.at", "aon.at", "chello.at", "gmail.com"], "CH": ["bluewin.ch", "gmx.ch", "gmail.com"],
    "FR": ["orange.fr", "free.fr", "gmail.com", "laposte.net"], "NL": ["ziggo.nl", "kpnmail.nl", "gmail.com"],
    "GB": ["btinternet.com", "gmail.com", "outlook.com"], "US": ["gmail.com", "yahoo.com", "outlook.com"],
    "CA": ["gmail.com", "videotron.ca", "rogers.com"], "IT": ["libero.it", "gmail.com", "alice.it"],
    "ES": ["gmail.com", "telefonica.es", "hotmail.es"],
}
COMPANY_STEMS = ["Kaffeerösterei Berger", "Atelier Lumière", "Blumen Koch", "Hotel Schwarzwaldblick",
                 "Bäckerei Zimmermann", "Studio Nord", "Café Rosengarten", "Praxis am Markt", "Keramikwerkstatt Eder",
                 "Weingut Fischer", "Bistro Olive", "Buchhandlung Lindner", "Green Leaf Interiors",
                 "Harbour Home", "Casa Bella", "De Kleine Winkel", "Maison Durand", "Alpenhof Hotels",
                 "Northwind Studio", "Design Werk", "Gasthaus Adler", "Tavola Rustica"]
COMPANY_FORMS = {"DE": "GmbH", "AT": "GmbH", "CH": "AG", "FR": "SARL", "NL": "B.V.", "GB": "Ltd",
                 "US": "LLC", "CA": "Inc.", "IT": "S.r.l.", "ES": "S.L."}
JOB_TITLES = {"de": ["Geschäftsführerin", "Einkauf", "Inhaber", "Filialleiterin", "Office Manager"],
              "fr": ["Gérante", "Responsable achats", "Directeur"], "nl": ["Inkoper", "Eigenaar"],
              "en": ["Owner", "Purchasing Manager", "Office Manager", "Buyer"],
              "it": ["Titolare", "Responsabile acquisti"], "es": ["Gerente", "Compras"]}
