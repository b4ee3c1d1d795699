"""The words of a form's question about marketing: whether a heading asks for consent to be sent
newsletters and offers ("I agree to receive marketing emails", "Aceita receber promoções?",
"Weinbrief?"), and whether it asks the opposite ("Do not send me offers")."""

from __future__ import annotations

import re

from workbench.ingest.heading_vocab import more_words

# A form's consent question: a verb of agreeing or wanting and what is sent ("I agree to receive marketing
# emails", "Ich möchte den Newsletter erhalten", "Acepto recibir comunicaciones comerciales").
_CONSENT_VERBS = {"agree", "consent", "accept", "subscribe", "like", "want", "wish", "opt", "send", "receive",
                  "erhalten", "zusenden", "recevoir", "recibir", "ricevere", "ontvangen", "einverstanden", "mochte",
                  "willige", "zustimmung", "accepte", "souhaite", "acepto", "deseo", "quiero", "acconsento", "accetto",
                  "desidero", "wil", "akkoord", "ga", "allow", "allowed", "permit", "permitted", "informed", "may",
                  "hear", "receber", "aceita", "aceito", "quero", "deseja", "veut", "voulez", "consenso", "souhlas",
                  "zgoda", "interested", "opted", "optin", "happy", "ok", "okay", "zasilat", "zasilani", "dostavat", "sende",
                  "skicka", "mandamos", "enviar", "mandar", "recibe", "recibes", "receives", "riceve", "recebe",
                  "ontvangt", "erhalt", "recoit", "izni", "izin", "onay", "envoyer", "envoi", "inviare", "sturen",
                  "schicken", "senden", "acepta", "aceptas", "ker", "kerek", "autoriza", "autorizo",
                  "autorizza", "autorise", "θελει", "θελω", "θελετε", "λαμβανει", "poslji", "posljemo", "zeli", "zelite",
                  "prejema", "istiyor", "gonderelim", "vrea", "doreste", "primeste", "trimitem", "soovib", "saada",
                  "vol", "rebre", "salji", "saljemo", "prima", "gitsin", "lahettaa", "lahetetaan"}
NEGATIONS = {"not", "dont", "never", "nicht", "keine", "kein", "pas", "niet", "nunca", "mai", "nie", "ne"}
_MARKETING_OBJECTS = {"newsletter", "newsletters", "email", "bulk", "updates", "offers", "news", "marketing", "communications",
                      "promotions", "angebote", "werbung", "neuigkeiten", "infos", "offres", "actualites",
                      "nouveautes", "ofertas", "comunicaciones", "novedades", "publicidad", "offerte", "novita",
                      "comunicazioni", "nieuwsbrief", "nieuws", "aanbiedingen", "lettre", "future", "upcoming",
                      "deals", "novidades", "sales", "mails", "mailtjes", "mailings", "mailing", "nabidky", "novinky",
                      "akce", "oferty", "nowosci", "erbjudanden", "tilbud", "tarjoukset", "info", "coupons",
                      "coupon", "discounts", "gutscheine", "kupony", "cupones", "buoni", "kortingen", "hirlevelet",
                      "utskick", "utskicket", "udsendelser", "utsendelser", "μηνυματα", "προσφορεσ", "ενημερωσεισ",
                      "νεα", "ponudbo", "ponudbe", "ponudb", "novice", "ponude", "novosti", "kampanya", "kampanyalar",
                      "firsatlar", "oferte", "noutati", "pakkumisi", "pakkumised", "uudised", "jaunumi", "naujienos",
                      "informations", "informationen", "informaciones", "informazioni", "informacoes", "informatie",
                      "informacion", "informacao", "tiedotteita", "tiedotteet", "uutisia"}


_CONSENT_VERBS |= more_words("consent_verbs")
_MARKETING_OBJECTS |= more_words("marketing_objects")


# Beginnings of words for what is sent, in any of their forms ("newsletterem", "promoções", "infolettres").
MARKETING_STEMS = ("newsletter", "promo", "infolettre", "nieuwsbrie", "hirlevel", "nyhetsbrev", "nyhedsbrev",
                   "uutiskirje", "marketing", "butllet", "uudiskir", "bulten", "buletin", "ενημερωτικ")


def _sent(token: str) -> bool:
    """Is the word something a shop sends ("newsletter", "offres", "promoções")?"""
    return token in _MARKETING_OBJECTS or token.startswith(MARKETING_STEMS)


_EMAIL_CHANNELS = {"email", "mail", "courriel", "correo", "correos", "correio", "correios", "sahkoposti",
                   "sahkopostilla", "sahkopostitse"}
_CHANNELS = _EMAIL_CHANNELS | {"e", "notificacao", "notificacoes", "notificacion", "notificaciones",
                                "notification", "notifications"}
_JOINING = {"and", "und", "et", "y", "e", "en", "or"}


# Not "Send this subscriber HTML emails" (a format) nor "Send Promotions Report" (a report)
_NOT_ABOUT_CONSENT = {"html", "format", "plain", "formatted", "report", "reports", "template", "templates"}


# Chinese: willing or agreeing to receive, or subscribing to, news, offers or notices of events
_CHINESE_CONSENT = re.compile(r"(?:願意|愿意|同意|訂閱|订阅)(?:收到|接收|接受|收取)?.*(?:資訊|资讯|訊息|讯息|信息|消息|活動|活动|優惠|优惠|電子報|电子报)")


def consent_question(tokens: list[str], asked: bool = False) -> bool:
    """A form's question about marketing ("I agree to receive marketing emails"); one asked with a
    question mark or its answers in brackets may be short ("Aceita receber promoções?")."""
    words = set(tokens)
    sent = any(map(_sent, tokens))
    if asked and len(tokens) == 2 and words & {"ok", "okay", "happy"} and sent and not words & {"email", "mail", "e"}:
        return True  # "Mailtjes ok?", "Newsletter ok?"
    channels = words & _CHANNELS
    sent_by_mail = any(_sent(t) for t in tokens if t not in channels)
    if asked and channels and sent_by_mail and len(tokens) <= 5:
        return True  # "Infos par e-mail ?", "News per Mail?", "Email promos?": what is sent and how, asked
    if channels and sent_by_mail and all(t in channels or t in _JOINING or _sent(t) for t in tokens):
        return True  # "Email News And Promotions": what is sent by e-mail, nothing else
    if words & _CONSENT_VERBS and channels & _EMAIL_CHANNELS and len(tokens) <= 6 \
            and not words & (NEGATIONS | _NOT_ABOUT_CONSENT):
        return True  # "Zgoda SMS/mail", "Accepte SMS/mail": agreeing to be written to by e-mail
    if asked and len(tokens) == 2 and all(map(_sent, tokens)):
        return True  # "Infos promo (oui/non)", "News & offers?": what is sent, asked
    if asked and len(tokens) == 1 and (tokens[0].endswith(("brief", "letter", "lettre", "newsletter")) or _sent(tokens[0])):
        return True  # "Weinbrief?", "Rundbrief?": the shop's letter, asked for; "Novice DA/NE": news, yes or no
    if len(tokens) == 1 and _CHINESE_CONSENT.search(tokens[0]):
        return True  # "是否願意收到主辦單位活動資訊": willing to receive the organiser's news of events
    return len(tokens) >= (2 if asked else 3) and bool(words & _CONSENT_VERBS) and sent \
        and not words & _NOT_ABOUT_CONSENT
