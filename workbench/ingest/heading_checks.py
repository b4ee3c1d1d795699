"""What no heading makes a field however its words read (a shipping recipient's name is not the
customer's, text-message consent is not e-mail consent), and how a kind joins a field
("street" + billing → "street:billing"). `heading_words` asks these of every target it finds."""

from __future__ import annotations

from workbench.ingest.consent_words import MARKETING_STEMS
from workbench.ingest.heading_vocab import (
    DEPOSITS,
    DISCOUNTS,
    ID_DOCUMENTS,
    LOYALTY_POINTS,
    MONEY,
    NAME_FIELDS,
    NIGHTS,
    NOT_A_BIRTH_DATE,
    NOT_DONE,
    NOT_EVENTS,
    NOT_OWN_NAME,
    ONE_NUMBER_LEADS,
    ONE_ORDER,
    OTHER_THINGS,
    PICTURE_WORDS,
    QUALIFIERS,
    SOMEONE_RESPONSIBLE,
    WORDS,
    names_someone_else,
)
from workbench.standardize.record import ADDRESS_KINDS, ADDRESS_PARTS, EMAIL_KINDS, PHONE_KINDS


def with_kind(target: str, kind: str | None) -> str:
    """`street` + billing → `street:billing`; a kind the field does not have is left off."""
    name, _, own_kind = target.partition(":")
    if own_kind or kind is None:
        return target
    if name in ADDRESS_PARTS and kind in ADDRESS_KINDS:
        return f"{name}:{kind}"
    if name in ("email", "phone") and kind == "shipping":
        kind = "other"  # "Shipping Phone": the recipient's, maybe the customer's, one more way to reach them
    if name == "email" and kind in EMAIL_KINDS:
        return f"email:{kind}"
    if name == "phone" and kind in PHONE_KINDS:
        return "mobile" if kind == "mobile" else f"phone:{kind}"
    if name == "mobile" and kind == "other":
        return "phone:other"  # "Secondary Mobile", "Alt Mob": one more number, beside the customer's own mobile
    return target


_PROFILING = {"profilazione", "profiling", "profilage", "profilado", "perfilado", "perfilamiento", "profilierung",
              "profilowanie", "profilering", "profilace"}
_BILLS = {"boleto", "boletos", "fatura", "faturas", "factura", "facturas", "invoice", "invoices", "rechnung", "rechnungen",
          "facture", "factures", "faktura", "fakturu", "bill", "bills", "receipt", "receipts", "recibo", "recibos",
          "fattura", "fatture", "factuur", "facturen", "nf", "nfe"}
_VEHICLE_PLATES = {"reg", "registarska", "registracija", "registracijska", "plate", "kenteken", "kennzeichen", "spz",
                   "rekisterinumero", "rejestracyjny", "placa", "matricula", "targa", "immatriculation"}
_DEVICES = {"model", "modelo", "modell", "modele", "modello", "imei", "brand", "marca", "marke", "device"}


def checked(target: str, tokens: list[str], how: str) -> tuple[str | None, str | None]:
    """What no heading makes a field: the shipping recipient's name is not the customer's; text-message
    consent is not e-mail consent."""
    name, _, kind = target.partition(":")
    words = set(tokens)
    if name in ("first_name", "last_name", "full_name") and any(QUALIFIERS.get(t) == "other" for t in tokens):
        return None, None  # "Alternate Contact Name": another person's, kept beside the customer's
    if name in NAME_FIELDS and words & NOT_OWN_NAME:
        return None, None  # "Preferred First Name": what the customer is called, kept beside the name
    if words & SOMEONE_RESPONSIBLE:  # "Guardian Phone": the guardian's, one more way to reach the family
        return ("phone:other" if name == "mobile" else with_kind(name, "other"), how) \
            if name in ("phone", "mobile", "email") else (None, None)
    if name in NAME_FIELDS and (words & {"recipient"} or any(QUALIFIERS.get(t) == "shipping" for t in tokens)):
        return None, None
    # "Newsletter per Mail?", "Offres par mail": the "mail" of French, German, Spanish, Italian speakers is e-mail
    by_mail = "mail" in words and (any(t.startswith(MARKETING_STEMS) for t in tokens)
                                   or bool(words & {"par", "per", "por", "via", "tramite"}))
    # "SMS/mail", "Mail und SMS": e-mail named beside texts is e-mail too; "Post" or "postal" is the letterbox
    by_mail = by_mail or "mail" in words and bool(words & {"sms", "text"})
    # "Vrea SMS/newsletter": a newsletter beside texts is the e-mail one ("Newsletter per Post?" the letterbox's)
    emailed = bool(words & {"email", "e"}) or (by_mail or "newsletter" in words) and not words & {"postal", "post"}
    if name == "marketing_consent" and words & {"sms", "text", "whatsapp", "phone", "call", "mail", "postal", "post"}\
            and not emailed:
        return None, None
    if name == "notes" and words & {"count", "number", "anzahl", "nombre", "numero", "aantal"}:
        return None, None  # "Comments count": how many, not what was said
    if name == "marketing_consent" and words & {"reason", "reasons", "grund", "raison", "motif", "motivo", "reden",
                                                "why", "comment", "comments"}:
        return None, None  # "Unsubscribe Reason": why someone left, not whether they did
    if name == "marketing_consent" and words & _BILLS:
        return None, None  # "Recebe boleto por e-mail": the bill by e-mail, not offers
    if name == "city" and {"quan", "he"} <= words:
        return None, None  # Vietnamese "Mối quan hệ": a relationship ("quận" alone is a town's district)
    if name in ADDRESS_PARTS and "digital" in words:
        return None, None  # Ghana's "Digital Address": a location code (GA-492-7781), not a street
    if name == "marketing_consent" and words & _PROFILING:
        return None, None  # "Consenso profilazione": to be profiled from one's purchases, not to be sent offers
    if names_someone_else(" ".join(tokens)):
        return None, None  # "Nhân viên bán hàng": the salesperson looking after the customer
    if name == "tags" and words & _VEHICLE_PLATES:
        return None, None  # "Reg. oznaka": a car's registration mark, not a label of the customer
    if name in ADDRESS_PARTS and words & _DEVICES:
        return None, None  # "Unit / Model" of a phone-repair shop: the device, not a flat
    if name == "marketing_consent" and words & {"rodo", "gdpr", "dsgvo", "rgpd", "avg", "privacy"} and \
            not any(t.startswith(MARKETING_STEMS) for t in tokens):
        return None, None  # "Zgoda RODO": consent to keep the customer's data, not to send offers
    if name == "birth_date" and words & NOT_A_BIRTH_DATE:
        return None, None  # "Anniversaire de mariage": a wedding day, not a birthday
    if name == "marketing_consent" and words & PICTURE_WORDS:
        return None, None  # "Samtykke til bilder", "Photo consent": whether pictures may be shown, not mailings
    if name in NAME_FIELDS and words & {"email", "mail"}:
        return None, None  # "E-mail 3 Display Name": how an address is shown, not the customer's name
    if name == "street" and "via" in words and words & {"ship", "shipping", "shipped", "send", "sent", "delivery"}:
        return None, None  # "Ship Via": the carrier (the Italian "Via" is a street)
    if name in ("created_at", "last_order_at", "birth_date", "order_count") and words & MONEY:
        return None, None  # "Last Purchase Amount", "Days Since Last Order": an amount, a count of days
    if name == "country" and words & {"phone", "phones", "telephone", "tel", "mobile", "dial", "calling"}:
        return None, None  # "Phone Country Code": the dialling code of a number, not where the customer lives
    if name in ("phone", "mobile", "email") and how == WORDS and words & {"by", "per", "par", "por"}:
        return None, None  # "Contact by phone": whether the customer may be called, not the number
    if name == "external_id" and how == WORDS and words & OTHER_THINGS:
        return None, None  # "Codice fiscale": a code, but the tax office's
    return target, how


def something_else(target: str, tokens: list[str]) -> bool:
    """Words beside a field's that make the heading about something else, whichever way the field was
    found: orders still to come, loyalty points, one order's number, an identity document's number."""
    words = set(tokens)
    if target in ("order_count", "last_order_at") and words & (NOT_DONE | NOT_EVENTS):
        return True  # "Pending Appointments", "Kanal letzte Buchung": not the orders done, nor their date
    if target == "order_count" and words & NIGHTS:
        return True  # "Broj noćenja", "Nights": the nights of a stay, not how many stays
    if target == "total_spent" and words & LOYALTY_POINTS:
        return True  # "Points spent": a loyalty programme's points, not money
    if target == "total_spent" and words & DEPOSITS:
        return True  # "Malipo ya Awali", "Anzahlung": a deposit paid ahead, not all the customer has spent
    if target == "order_count" and tokens and tokens[0] in ONE_NUMBER_LEADS and set(tokens[1:]) & ONE_ORDER:
        return True  # "Nº pedido", "N° de commande", "Numero ordine": one order's number, not how many
    if target.partition(":")[0] == "street2" and "unit" in words and words & {"business", "organisational", "org"}:
        return True  # "Business Unit": a part of the firm, not a flat
    if target.partition(":")[0] == "postcode" and words & DISCOUNTS:
        return True  # "Kod rabatowy", "Rabattcode": a discount code, not a postcode ("Kod" alone is one in Polish)
    # "CPR-nummer", "Personnr": a personal identity number, not the customer's number here ("UID" is either)
    return target == "external_id" and bool(words & (ID_DOCUMENTS - {"uid"}))
