"""Synthetic customer-feedback and employee-comment verbatims, in English and Spanish, for the demo
retailer Larkfield (stores, web shop, contact centre, the Larkfield Club loyalty programme). Every
text comes with exact ground truth (themes, intended polarity, emotional need and warning signal,
the last two with the substring that carries them) so that the text-analytics features can be
evaluated against it. Texts are assembled from a small template grammar compiled at import:
``[a|b]`` picks one alternative and ``{slot}`` a concrete detail such as a product, amount, city or
order number. Every function depends only on the ``random.Random`` it is given and its arguments:
the module must do no I/O (no files, no network) and must never use the global ``random``
functions, so the same seed always yields the same texts.
"""

from __future__ import annotations

import random
import re
from bisect import bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import accumulate
from typing import TypeAlias

THEMES: dict[str, str] = {
    "delivery_delay": "Late or missing delivery",
    "damaged_item": "Item arrived damaged or faulty",
    "product_quality": "Product quality",
    "price_value": "Price and value for money",
    "returns_refunds": "Returns and refunds",
    "website_usability": "Website or app usability",
    "checkout_payment": "Checkout and payment problems",
    "staff_helpfulness": "Staff friendliness and helpfulness",
    "store_queues_cleanliness": "Store queues and cleanliness",
    "stock_availability": "Stock availability",
    "contact_wait": "Contact-centre wait times",
    "billing_error": "Billing errors and double charges",
    "loyalty_points": "Loyalty programme points",
    "click_collect": "Click and collect",
    "self_checkout_errors": "Self-checkout errors",
}
NEEDS: tuple[str, ...] = (
    "control",
    "self_expression",
    "growth",
    "recognition",
    "belonging",
    "care",
)
WARNINGS: tuple[str, ...] = (
    "safety",
    "legal_threat",
    "vulnerable_customer",
    "churn_intent",
    "discrimination",
    "public_escalation",
)
EMPLOYEE_THEMES: dict[str, str] = {
    "workload": "Workload and staffing",
    "management_support": "Support from line management",
    "recognition": "Recognition and appreciation",
    "training_career": "Training and career development",
    "tools_systems": "Tools and systems",
    "team_spirit": "Team spirit and collaboration",
    "pay_benefits": "Pay and benefits",
    "scheduling_shifts": "Scheduling and shifts",
}
LANGUAGES: tuple[str, ...] = ("en", "es")
CHANNELS: tuple[str, ...] = ("store", "web", "phone", "chat", "email", "social", "app")


@dataclass(frozen=True)
class Verbatim:
    """One generated text with the labels it was built to carry."""

    text: str
    language: str
    sentiment: float
    themes: tuple[str, ...]
    need: str | None
    need_evidence: str | None
    warning: str | None
    warning_evidence: str | None


# Share of feedback whose wording contradicts its score (a 10 with a complaint, sarcasm, a 1 typed
# by someone who misread the scale): real survey data has them and models must cope.
_MISMATCH_RATE = 0.04
# Warnings that cannot sit in a happy text; a vulnerable customer can be delighted.
_NEGATIVE_WARNINGS = frozenset(WARNINGS) - {"vulnerable_customer"}

# ---------------------------------------------------------------------------------------------
# Lexicons: the concrete details that fill {slots}. Products are singular so that verbs agree,
# and Spanish templates never put an adjective or pronoun next to {product} (gender varies).
# ---------------------------------------------------------------------------------------------


def _amounts(symbol_first: bool) -> tuple[str, ...]:
    values = (
        "4.99", "7.50", "9.99", "12.49", "14.99", "18.00", "19.99", "24.99", "29.99", "34.50",
        "39.99", "45.00", "49.99", "59.99", "64.99", "79.99", "89.00", "99.99", "119.99",
        "149.00", "179.99", "229.99", "12", "15", "20", "25", "30", "40", "50", "60", "75",
        "100", "120", "200",
    )  # fmt: skip
    if symbol_first:
        return tuple(f"£{value}" for value in values)
    spanish = tuple(value.replace(".", ",") for value in values)
    return tuple(f"{value} €" for value in spanish) + tuple(f"{value} euros" for value in spanish)


def _order_numbers() -> tuple[str, ...]:
    # A multiplicative walk gives well-spread, non-sequential numbers without any randomness.
    numbers = [(104729 + index * 7919 * 31) % 9_000_000 + 1_000_000 for index in range(400)]
    formats = ("#{0}", "LK-{0}", "{0}", "#LK{0}")
    return tuple(form.format(number) for number in numbers for form in formats)


_ORDERS = _order_numbers()

_LEXICONS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "product": (
            "the air fryer", "the kettle", "the winter coat", "the sofa bed", "the desk lamp",
            "the coffee machine", "the duvet cover", "the office chair", "the toaster",
            "the blender", "the rug", "the bookcase", "the microwave", "the vacuum cleaner",
            "the lawn mower", "the mattress", "the TV stand", "the dining table", "the hoodie",
            "the backpack", "the rain jacket", "the frying pan", "the bed frame", "the fan",
            "the printer", "the hairdryer", "the wardrobe", "the garden chair", "the baby monitor",
            "the rice cooker", "the bluetooth speaker", "the stand mixer",
        ),
        "small_item": (
            "a pack of batteries", "a phone charger", "a bottle of shampoo", "a box of light bulbs",
            "a notebook", "a pair of socks", "a mug", "a bag of coffee beans",
            "a tube of toothpaste", "a candle", "a bar of chocolate",
        ),
        "appliance": (
            "the air fryer", "the kettle", "the coffee machine", "the toaster", "the blender",
            "the microwave", "the vacuum cleaner", "the lawn mower", "the fan", "the printer",
            "the hairdryer", "the baby monitor", "the rice cooker", "the bluetooth speaker",
            "the stand mixer", "the desk lamp", "the electric toothbrush", "the smart TV",
        ),
        "amount": _amounts(symbol_first=True),
        "order": _ORDERS,
        "days": ("three", "four", "five", "six", "seven", "eight", "nine", "ten", "12", "14"),
        "weeks": ("two", "three", "four", "five"),
        "weekday": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
        "city": (
            "Manchester", "Leeds", "Bristol", "Glasgow", "Birmingham", "Cardiff", "Liverpool",
            "Edinburgh", "Nottingham", "Sheffield", "Leicester", "Norwich", "Brighton", "Newcastle",
            "Southampton", "York", "Belfast", "Croydon",
        ),
        "agent": (
            "Sarah", "Tom", "Priya", "James", "Aisha", "Dan", "Chloe", "Marcus", "Emma", "Ollie",
            "Fatima", "Kev", "Jade", "Liam", "Sophie", "Raj", "Megan", "Connor", "Hannah", "Ben",
            "Zara", "Gareth",
        ),
        "wait": (
            "40 minutes", "over an hour", "nearly an hour", "45 minutes", "an hour and a half",
            "25 minutes", "half an hour", "50 minutes", "over two hours", "35 minutes",
        ),
        "times": ("twice", "three times", "four times", "five times", "six times"),
        "points": ("500", "1,200", "2,000", "350", "800", "3,500", "4,000", "650"),
        "years": ("five", "ten", "12", "15", "20", "eight", "six", "25"),
        "age": ("79", "82", "84", "86", "87", "91"),
        "shift": ("weekend", "night", "early", "late", "Sunday", "bank holiday"),
    },
    "es": {
        "product": (
            "la freidora de aire", "el hervidor", "el abrigo de invierno", "el sofá cama",
            "la lámpara de escritorio", "la cafetera", "el juego de sábanas", "la silla de oficina",
            "la tostadora", "la batidora", "la alfombra", "la estantería", "el microondas",
            "la aspiradora", "el cortacésped", "el colchón", "el mueble de la tele",
            "la mesa de comedor", "la sudadera", "la mochila", "el chubasquero", "la sartén",
            "el somier", "el ventilador", "la impresora", "el secador", "el armario",
            "la silla de jardín", "el vigilabebés", "la arrocera", "el altavoz bluetooth",
            "la amasadora",
        ),
        "small_item": (
            "un paquete de pilas", "un cargador", "un bote de champú", "una caja de bombillas",
            "una libreta", "unos calcetines", "una taza", "un paquete de café",
            "un tubo de pasta de dientes", "una vela", "una tableta de chocolate",
        ),
        "appliance": (
            "la freidora de aire", "el hervidor", "la cafetera", "la tostadora", "la batidora",
            "el microondas", "la aspiradora", "el cortacésped", "el ventilador", "la impresora",
            "el secador", "el vigilabebés", "la arrocera", "el altavoz bluetooth", "la amasadora",
            "la lámpara de escritorio", "el cepillo eléctrico", "la tele",
        ),
        "amount": _amounts(symbol_first=False),
        "order": _ORDERS,
        "days": ("tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez", "12", "15"),
        "weeks": ("dos", "tres", "cuatro", "cinco"),
        "weekday": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
        "city": (
            "Madrid", "Barcelona", "Valencia", "Sevilla", "Bilbao", "Zaragoza", "Málaga", "Murcia",
            "Valladolid", "Alicante", "Granada", "Ciudad de México", "Guadalajara", "Bogotá",
            "Medellín", "Lima", "Santiago", "Buenos Aires", "Montevideo", "Quito",
        ),
        "agent": (
            "María", "Javier", "Lucía", "Carlos", "Ana", "Diego", "Sofía", "Andrés", "Carmen",
            "Pablo", "Valentina", "Miguel", "Laura", "Jorge", "Paula", "Luis", "Camila", "Sergio",
            "Elena", "Mateo", "Rocío", "Álvaro",
        ),
        "wait": (
            "40 minutos", "más de una hora", "casi una hora", "45 minutos", "hora y media",
            "25 minutos", "media hora", "50 minutos", "más de dos horas", "35 minutos",
        ),
        "times": ("dos veces", "tres veces", "cuatro veces", "cinco veces", "varias veces"),
        "points": ("500", "1.200", "2.000", "350", "800", "3.500", "4.000", "650"),
        "years": ("cinco", "diez", "doce", "quince", "veinte", "ocho", "seis", "veinticinco"),
        "age": ("79", "82", "84", "86", "87", "91"),
        "shift": ("fin de semana", "noche", "mañana", "tarde", "domingo", "festivos"),
    },
}  # fmt: skip

# ---------------------------------------------------------------------------------------------
# Frames: everything around the theme clauses. Keys ending in _pos/_neg/_mix/_neu are chosen by
# the polarity of the text; "lead" and "next" templates are prefixed to a clause, so they end in
# a space; "contrast" joins an outweighed clause to the one that carries the polarity.
# ---------------------------------------------------------------------------------------------

_FRAMES: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "opener_pos": (
            "[really|very|so] [happy|pleased|impressed][ overall| today| as always|]",
            "[great|excellent|brilliant|lovely] [experience|service|shopping trip][ overall"
            "| today| as always| again|]",
            "[five|5] stars[ from me|, no question|]",
            "[absolutely|genuinely|honestly] [delighted|chuffed|thrilled]",
            "[no|zero] complaints[ at all| whatsoever|]",
            "[what a|such a] [pleasant|nice|lovely|great] [surprise|experience|change]",
            "[couldn't|could not] be happier",
            "[top|first-class|faultless] service[ from start to finish|]",
        ),
        "opener_neg": (
            "[really|very|extremely|so] [disappointed|annoyed|frustrated|fed up|unhappy]",
            "[terrible|awful|shocking|poor|appalling|dreadful] [experience|service][ overall"
            "| today| again| from start to finish|]",
            "not [happy|impressed|pleased][ at all| one bit|]",
            "[what a|such a|absolute] [shambles|joke|mess|farce]",
            "[this is|it's|honestly this is] [unacceptable|ridiculous|a joke|not good enough]",
            "[I'm|I am] [livid|furious|so angry|at my wits' end]",
            "[worst|the worst] [experience|service] I've had[ in years| from any shop|]",
        ),
        "opener_mix": (
            "[it's|it was] [ok|okay|alright|fine|average][ I suppose| I guess|]",
            "[a |]mixed [experience|bag][ to be honest| really|]",
            "[some good|good and bad|ups and downs][ this time|]",
            "[not bad|decent enough][ overall| I suppose|]",
            "[hit and miss|so-so][ really| as usual|]",
        ),
        "lead_pos": (
            "honestly, ", "to be fair, ", "I have to say ", "I must say ", "just wanted to say ",
            "genuinely, ", "credit where it's due, ", "happy to report that ",
        ),
        "lead_neg": (
            "honestly, ", "to be honest, ", "seriously, ", "I'm sorry but ", "I have to say ",
            "unfortunately ", "once again ", "yet again ", "sadly ",
        ),
        "lead_mix": ("to be fair, ", "honestly, ", "in fairness, ", "to be honest, "),
        "lead_neu": ("", "", "quick question: ", "a quick question: "),
        "sarcasm": (
            "oh great, ", "brilliant, ", "fantastic, ", "well done Larkfield, ", "oh wonderful, ",
            "love that ", "thanks a lot, ", "nice one Larkfield, ", "oh perfect, ",
        ),
        "closer_pos": (
            "[will|I'll] [definitely|certainly|happily] [be back|shop here again|order again]",
            "keep [it up|up the good work]",
            "[thanks|thank you][ so much| again| to everyone involved|]",
            "[highly|would definitely] recommend[ to friends| to anyone|]",
            "[you've|you have] got a [customer for life|happy customer here]",
        ),
        "closer_neg": (
            "[not good enough|very poor|really poor|simply not acceptable]",
            "[please |]sort it out",
            "[very|really|so|deeply] disappointed",
            "[do better|you need to do better|you can do better][ Larkfield|]",
            "[shocking|appalling|unacceptable][ service|]",
            "[I|I really] expected [better|more][ from you| from Larkfield|]",
        ),
        "closer_mix": (
            "[could be better|room for improvement|not bad overall]",
            "[hopefully |]next time [will be better|goes more smoothly]",
            "[fingers crossed|let's see] next time",
            "[nearly there|almost perfect][ though|]",
        ),
        "generic_pos": (
            "overall I [like|enjoy] shopping [here|with you|at Larkfield]",
            "[I'm|I am] [usually|generally|normally] [happy|pleased] with [Larkfield|you"
            "|my orders]",
            "[it's|it was] [mostly|generally] a [good|decent|fine] experience",
            "[most of the time|usually] [it's fine|things go smoothly|I've no complaints]",
            "[on the whole|all in all] I'm [satisfied|happy enough]",
        ),
        "generic_neg": (
            "[it could|things could] [still |]be [better|improved]",
            "[it's|it was] not [quite |]what I expected",
            "[it's|it was] [a bit|rather|quite] disappointing[ overall| this time|]",
            "[it's|Larkfield is] not as good as it used to be",
            "[there's|there is] [still |][room for improvement|work to do]",
        ),
        "join_pos": (" and ", ", and ", ", plus ", " and also ", ", and on top of that "),
        "join_neg": (" and ", ", and ", ", plus ", " and on top of that ", ", and to top it off "),
        "next_pos": (
            "also, ", "and ", "plus ", "on top of that, ", "what's more, ", "oh and ",
            "not to mention ",
        ),
        "next_neg": (
            "also, ", "and ", "on top of that, ", "to make things worse, ", "plus ", "and then ",
            "not only that, ",
        ),
        "next_neu": ("also, ", "one more thing: ", "separately, ", "and "),
        "contrast": (
            ", but ", " but ", ". But ", ". However, ", ". That said, ", ", but honestly ",
            ", but then again ",
        ),
        "concede": ("although ", "even though ", "while ", "I know "),
        "need_lead": (
            "", "", "", "honestly, ", "to be honest, ", "really, ", "at the end of the day, ",
            "and ",
        ),
        "warning_lead": ("", "", "", "and ", "just so you know, ", "let me be clear: "),
        "vulnerable_lead": ("", "", "", "for context, ", "just so you know, ", "and "),
        "greeting": (
            "hi", "hello", "hi there", "good morning", "good afternoon", "dear Larkfield",
            "hello team", "to whom it may concern",
        ),
        "context": (
            "[I'm writing about|this is about|I'm contacting you about|regarding] [order {order}"
            "|my recent order|an order I placed on {weekday}|a purchase at the {city} store]",
            "[I ordered|I bought] {product} [on {weekday}|last week|online|from the {city} store"
            "|a couple of weeks ago]",
            "[my|the] order [number|reference] is {order}",
        ),
        "request_neg": (
            "please [call me back|get back to me|look into this|sort this out"
            "|escalate this][ as soon as possible| today| urgently| this week|]",
            "[I'd like|I want|I expect] [a full refund|this resolved|a replacement"
            "|a proper answer|an update|my money back][ as soon as possible| this week| please|]",
            "[can|could] someone [call me|get back to me|look into this][ today"
            "| as soon as possible| please]?",
        ),
        "request_neu": (
            "please let me know [how to proceed|the next steps|what you need from me]",
            "[any help|your help] would be [appreciated|much appreciated]",
            "[I look forward to|looking forward to] hearing from you",
        ),
        "request_pos": (
            "please pass my thanks on to [the team|{agent}|the store|everyone involved]",
            "[I just wanted you to know|just letting you know] [how pleased I am|how happy I am]",
        ),
        "signoff": (
            "thanks", "thank you", "regards", "kind regards", "many thanks", "cheers",
            "thanks, {agent}", "regards, {agent}",
        ),
        "social_lead_pos": (
            "[big|huge|massive] shoutout to [the team|{agent}|the {city} store], ",
            "genuinely impressed, ",
            "love this: ",
            "10/10, ",
            "wow, ",
            "credit where it's due, ",
            "have to say it, ",
        ),
        "social_lead_neg": (
            "ugh, ", "wow, ", "seriously, ", "unbelievable, ", "not impressed, ", "come on, ",
            "absolute joke, ", "yikes, ", "so annoyed, ",
        ),
        "social_lead_mix": ("mixed feelings, ", "hmm, ", "so, ", "well, "),
        "social_tag_pos": ("tbh", "ngl", "lol", "just saying", "fr"),
        "social_tag_neg": ("tbh", "ngl", "smh", "just saying", "fr", "lol"),
        "social_tag_mix": ("tbh", "ngl", "lol", "I guess"),
        "hashtag_pos": (
            "#happycustomer", "#Larkfield", "#greatservice", "#impressed", "#shoplocal",
            "#happycustomer #Larkfield",
        ),
        "hashtag_neg": (
            "#fail", "#customerservice", "#notimpressed", "#Larkfield", "#badservice",
            "#disappointed", "#fail #Larkfield", "#customerservice #fail",
        ),
        "hashtag_mix": ("#Larkfield", "#mixedfeelings", "#customerservice"),
        "handle": ("@Larkfield", "@LarkfieldHelp", "@LarkfieldUK"),
        "employee_opener_pos": (
            "[I really enjoy|I love|I like] working here",
            "[great|good|brilliant] place to work",
            "[overall|on the whole] I'm [happy|very happy|proud to work here]",
            "[best|nicest] job I've had[ in years|]",
        ),
        "employee_opener_neg": (
            "[honestly|to be honest], [it's|things are] [not great|really hard] at the moment",
            "[I'm|I am|we're all] [exhausted|fed up|running on empty]",
            "[I used to enjoy|I used to like] working here[ but not anymore|]",
            "not a [great|good] place to work right now",
        ),
        "employee_closer_pos": (
            "[I'd|I would] recommend [working here|this place to friends]",
            "[proud|happy] to be part of the team",
            "keep doing what you're doing",
        ),
        "employee_closer_neg": (
            "[something|things] [needs to|has to|must] change",
            "[please |]listen to [the staff|the people on the floor|us]",
            "[it's|this is] not sustainable",
        ),
        "employee_generic_pos": (
            "overall I [like|enjoy] working here",
            "[it's|this is] a [decent|good] place to work[ overall| on the whole|]",
            "[most days|most of the time] I [enjoy|like] my job",
        ),
        "employee_generic_neg": (
            "[some things|a few things] [need to change|could be better|need sorting out]",
            "[it's|things are] [not perfect|far from perfect]",
            "[there's|there is] [still |]a lot to improve",
        ),
    },
    "es": {
        "opener_pos": (
            "[muy|súper|muy pero que muy] [contenta|contento|satisfecha|satisfecho]",
            "[una experiencia|una compra|un servicio] [genial|estupenda|de diez|impecable]",
            "cinco estrellas[ sin dudarlo|, sin duda|]",
            "[encantada|encantado] con Larkfield",
            "[ninguna queja|nada que objetar|ni una sola queja]",
            "[qué gusto|da gusto|qué maravilla] comprar así",
            "no podría estar más [contenta|contento|satisfecha|satisfecho]",
        ),
        "opener_neg": (
            "[muy|bastante|súper|tremendamente] [decepcionada|decepcionado|molesta|molesto|harta"
            "|harto]",
            "[pésima|horrible|malísima|lamentable] experiencia[ otra vez| de principio a fin|]",
            "[qué desastre|vaya desastre|menudo desastre|un desastre total]",
            "[esto es|es] [inaceptable|una vergüenza|de risa|una tomadura de pelo]",
            "estoy [indignada|indignado|que no me lo creo|muy enfadada|muy enfadado]",
            "[la peor|la más desastrosa] experiencia de compra que he tenido",
        ),
        "opener_mix": (
            "[bien|regular|normalita][, sin más|, la verdad|]",
            "una experiencia [regular|con luces y sombras|agridulce]",
            "[ni bien ni mal|ni fu ni fa][, la verdad|]",
            "[cosas buenas y cosas malas|de todo un poco][ esta vez|]",
        ),
        "lead_pos": (
            "la verdad, ", "tengo que decir que ", "sinceramente, ", "solo quería decir que ",
            "hay que reconocer que ", "me alegra decir que ",
        ),
        "lead_neg": (
            "la verdad, ", "sinceramente, ", "lo siento, pero ", "otra vez ", "una vez más, ",
            "por desgracia, ", "lamentablemente, ",
        ),
        "lead_mix": ("la verdad, ", "siendo justos, ", "sinceramente, ", "a ver, "),
        "lead_neu": ("", "", "una consulta: ", "buenas, una pregunta: "),
        "sarcasm": (
            "genial, ", "perfecto, ", "qué maravilla, ", "bravo, Larkfield: ",
            "muy bien, Larkfield: ", "fantástico, ", "estupendo, ", "de lujo, ",
        ),
        "closer_pos": (
            "[volveré a comprar|repetiré|seguiré comprando aquí][ seguro| sin duda|]",
            "sigan así",
            "[muchas gracias|gracias][ a todo el equipo| de nuevo|]",
            "lo recomiendo[ totalmente| al cien por cien|]",
            "[un diez|de diez][ para Larkfield|]",
        ),
        "closer_neg": (
            "[así no|esto no es aceptable|no hay derecho]",
            "[a ver si|espero que] lo [solucionan|arreglan] [pronto|de una vez]",
            "[muy|bastante|tremendamente] [decepcionada|decepcionado]",
            "tienen que mejorar[ mucho| muchísimo|]",
            "esperaba [mucho más|algo mejor][ de Larkfield| de ustedes|]",
        ),
        "closer_mix": (
            "[se puede mejorar|hay margen de mejora|no está mal del todo]",
            "[a ver si la próxima vez va mejor|espero que la próxima sea mejor]",
            "[casi perfecto|por poco no es perfecto]",
        ),
        "generic_pos": (
            "en general me gusta comprar [aquí|en Larkfield|con ustedes]",
            "[normalmente|casi siempre|por lo general] [estoy contenta|estoy contento"
            "|quedo satisfecha|quedo satisfecho] con [Larkfield|mis pedidos|ustedes]",
            "[suele ir|casi siempre va] todo bien",
            "en líneas generales [la experiencia es buena|no tengo quejas]",
        ),
        "generic_neg": (
            "[podría|todo podría] estar mejor",
            "no es [del todo |]lo que esperaba",
            "[ha sido|fue] un poco decepcionante[ en general| esta vez|]",
            "[ya no es|Larkfield ya no es] lo que era",
            "[hay|todavía hay] cosas que mejorar",
        ),
        "join_pos": (" y ", ", y además ", ", y encima ", " y también "),
        "join_neg": (" y ", ", y además ", ", y encima ", ", y para colmo "),
        "next_pos": ("además, ", "y ", "encima, ", "también ", "por cierto, ", "y además "),
        "next_neg": (
            "además, ", "y encima ", "para colmo, ", "por si fuera poco, ", "y luego ", "encima, ",
        ),
        "next_neu": ("además, ", "otra cosa: ", "también, ", "por otro lado, "),
        "contrast": (
            ", pero ", " pero ", ". Pero ", ". Sin embargo, ", ", pero la verdad es que ",
            ". Ahora bien, ", ". Aun así, ",
        ),
        "concede": ("aunque ", "si bien ", "a pesar de que "),
        "need_lead": (
            "", "", "", "la verdad, ", "sinceramente, ", "y es que ", "al final, ", "en fin, ",
        ),
        "warning_lead": ("", "", "", "y ", "que lo sepan: ", "se lo digo en serio: ", "aviso: "),
        "vulnerable_lead": ("", "", "", "para que lo sepan, ", "les cuento que ", "y "),
        "greeting": (
            "hola", "buenos días", "buenas tardes", "hola, equipo de Larkfield",
            "estimados señores", "buenas", "hola, buenas",
        ),
        "context": (
            "[les escribo por|escribo por|me pongo en contacto con ustedes por"
            "|es sobre] [el pedido {order}|mi último pedido|un pedido que hice el {weekday}"
            "|una compra en la tienda de {city}]",
            "[compré|pedí] {product} [el {weekday}|la semana pasada|por internet"
            "|en la tienda de {city}|hace un par de semanas]",
            "el número de pedido es [el |]{order}",
        ),
        "request_neg": (
            "por favor, [llámenme|contéstenme|revisen esto|solucionen esto"
            "|pásenlo a un responsable][ cuanto antes| hoy mismo| con urgencia| esta semana|]",
            "[quiero|exijo|necesito] [el reembolso completo|una solución|un reemplazo"
            "|una respuesta clara|que me devuelvan el dinero][ cuanto antes| esta semana| ya|]",
            "¿[puede|podría] alguien [llamarme|contestarme|revisarlo][ hoy| cuanto antes"
            "| por favor]?",
        ),
        "request_neu": (
            "por favor, [díganme|indíquenme] [cómo proceder|los siguientes pasos"
            "|qué necesitan de mí]",
            "[quedo a la espera de|espero] su respuesta",
            "cualquier ayuda [es bienvenida|se agradece]",
        ),
        "request_pos": (
            "por favor, [transmitan|hagan llegar] mi agradecimiento [al equipo|a {agent}"
            "|a la tienda|a todos]",
            "solo quería que supieran lo [contenta|contento|satisfecha|satisfecho] que estoy",
        ),
        "signoff": (
            "gracias", "muchas gracias", "un saludo", "saludos", "un saludo, {agent}",
            "gracias de antemano", "atentamente, {agent}",
        ),
        "social_lead_pos": (
            "[un aplauso|mil gracias|todo mi cariño] para [el equipo|{agent}"
            "|la tienda de {city}], ",
            "[muy|súper] impresionada, ",
            "me encanta: ",
            "de diez, ",
            "guau, ",
            "hay que reconocerlo, ",
        ),
        "social_lead_neg": (
            "uf, ", "vaya, ", "en serio, ", "increíble, ", "no me lo puedo creer, ", "de verdad, ",
            "qué vergüenza, ", "qué rabia, ",
        ),
        "social_lead_mix": ("sentimientos encontrados, ", "mmm, ", "bueno, ", "a ver, "),
        "social_tag_pos": ("jaja", "la verdad", "en serio", "sin más"),
        "social_tag_neg": ("en serio", "la verdad", "xd", "sin más", "qué cansancio"),
        "social_tag_mix": ("jaja", "la verdad", "supongo"),
        "hashtag_pos": (
            "#clientefeliz", "#Larkfield", "#recomendado", "#buenservicio",
            "#clientefeliz #Larkfield",
        ),
        "hashtag_neg": (
            "#pesimoservicio", "#atencionalcliente", "#Larkfield", "#decepcion", "#fatal",
            "#queverguenza", "#pesimoservicio #Larkfield",
        ),
        "hashtag_mix": ("#Larkfield", "#atencionalcliente", "#regular"),
        "handle": ("@Larkfield", "@LarkfieldES", "@LarkfieldAyuda"),
        "employee_opener_pos": (
            "[me gusta mucho|me encanta|disfruto] trabajar aquí",
            "[es un buen sitio|es un gran lugar|es una buena empresa] para trabajar",
            "[en general|en líneas generales] estoy [contenta|contento|muy a gusto]",
            "[el mejor trabajo|el trabajo más agradable] que he tenido[ en años|]",
        ),
        "employee_opener_neg": (
            "[la verdad|sinceramente], [las cosas no van bien|está siendo muy duro] últimamente",
            "[estoy quemada|estoy quemado|estamos agotados|estamos hartos]",
            "antes me gustaba trabajar aquí[, pero ya no|]",
            "ahora mismo no es un buen sitio para trabajar",
        ),
        "employee_closer_pos": (
            "recomendaría trabajar aquí",
            "[orgullosa|orgulloso|contenta|contento] de formar parte del equipo",
            "que siga así",
        ),
        "employee_closer_neg": (
            "[algo tiene que cambiar|esto tiene que cambiar|así no se puede seguir]",
            "[que escuchen|ojalá escucharan] a la gente de [tienda|primera línea]",
            "esto no es sostenible",
        ),
        "employee_generic_pos": (
            "en general me gusta trabajar aquí",
            "[es|sigue siendo] un buen sitio para trabajar[ en general|]",
            "la mayoría de los días disfruto de mi trabajo",
        ),
        "employee_generic_neg": (
            "hay cosas que [tienen que cambiar|podrían mejorar|hay que arreglar]",
            "[no es perfecto|está lejos de ser perfecto]",
            "[queda|todavía queda] mucho por mejorar",
        ),
    },
}  # fmt: skip

# ---------------------------------------------------------------------------------------------
# Theme clauses: language -> theme -> polarity -> templates. "neu" clauses are the neutral
# enquiries that open many contact-centre tickets. Clauses start in lower case (the sentence
# builder capitalises) and carry no final punctuation except a question mark.
# ---------------------------------------------------------------------------------------------

_THEME_CLAUSES: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {
    "en": {
        "delivery_delay": {
            "neg": (
                "my [order|parcel|delivery] {order} [still hasn't arrived|never turned up"
                "|has gone missing|is nowhere to be seen][ after {days} days"
                "| and it's been {weeks} weeks| even though it was due on {weekday}|]",
                "the [parcel|delivery|order] was [supposed|meant"
                "|promised] to arrive [on {weekday}|within {days} days"
                "|the next day] but [it's still not here|it came {days} days late"
                "|it turned up a week later|nothing showed up]",
                "[I paid for|I chose|I picked] [next-day|express"
                "|premium] delivery and [it took {days} days|it arrived a week late"
                "|it still came late|I waited {days} days anyway]",
                "[the tracking|the tracking page|the tracking link] [said delivered"
                "|showed it as delivered|claimed it was delivered] but [nothing was here"
                "|there was no parcel|it never arrived|the neighbours never got it either]",
                "[I took|I booked] [a day off|the day off work"
                "|a morning off] to wait for [{product}|my order|the delivery] and [no one came"
                "|the driver never showed|it didn't arrive|it was rescheduled without warning]",
                "the delivery [slot|window] [kept getting pushed back|was changed {times}"
                "|was moved without asking me|was missed completely]",
                "[{days} days|{weeks} weeks] [late|overdue][ and counting| now"
                "| already], for [a parcel|an order] that was [meant|supposed] to take [two days"
                "|48 hours|three working days]",
                "the courier [left a card|left a note] [saying I wasn't in"
                "|claiming nobody was home] when I [was at home all day|was sat right by the door"
                "|never left the house]",
                "[half of my order|part of the order|only one of the three items] [arrived"
                "|turned up] and [the rest is still missing|the other half never came"
                "|the rest has vanished]",
                "[delivery|shipping] [was painfully slow|took forever|was far too slow"
                "|is always late these days]",
                "[my order|it] was [marked|shown as] 'out for delivery' [for {days} days"
                "|all day] and then [nothing|it just vanished|it went back to the depot]",
            ),
            "pos": (
                "[my order|the parcel|my delivery] [arrived|turned up|came] [a day early"
                "|the next day|earlier than expected|right on time|within 24 hours"
                "|exactly when promised]",
                "[super|really|very|impressively] [quick|fast|speedy] delivery"
                "[, {product} arrived on {weekday} as promised"
                "|, ordered on {weekday} and it was here the next day|]",
                "the [driver|courier] [was lovely|was really polite|was careful with the parcel"
                "|texted before arriving] and [it arrived on time|came right in the slot"
                "|was spot on with the time]",
                "the tracking [was accurate|was spot on|was right] and [the parcel|{product}"
                "|my order] [arrived|came] [on the day promised|in the slot they gave me"
                "|when expected]",
                "[delivery|shipping] was [quick|fast|faster than I expected|reliable][ as always"
                "| again| this time too|]",
                "[ordered|bought] {product} [on {weekday}|late in the evening"
                "|on a Sunday] and [it arrived|it was delivered|it was at my door] [the next day"
                "|the following morning|within two days]",
                "[next-day|express] delivery [actually|genuinely|really] [was next day"
                "|delivered on time|worked]",
                "[nice to get|great to have|loved getting] a [delivery"
                "|parcel] [that actually turns up|that arrives when promised|bang on time]",
            ),
            "neu": (
                "[could you|can you|please could you] [let me know|tell me"
                "|confirm] when [my order|order {order}|my parcel] [will arrive"
                "|is going to be delivered|will be dispatched]?",
                "[I'm|I am] [checking on|following up on|chasing] [the delivery of"
                "|the status of] order {order}",
                "[I'd like to|I want to|I need to] [change|move|rearrange] [the delivery date"
                "|my delivery slot|the delivery address] for order {order}",
                "[is there any update on|what is the latest on"
                "|do you have an update on] [my delivery|order {order}|the parcel I'm expecting]?",
                "the tracking for order {order} [hasn't updated since {weekday}"
                "|has not moved for {days} days]",
            ),
        },
        "damaged_item": {
            "neg": (
                "{product} arrived [broken|damaged|cracked|smashed|dented|in pieces]",
                "{product} [was|came] [scratched|chipped|cracked] [all down one side|on the front"
                "|right out of the box]",
                "the box was [crushed|soaked|ripped open|falling apart] and {product} inside was "
                "[damaged|broken|bent|ruined]",
                "{appliance} [stopped working|died|broke|gave up] [after {days} days"
                "|after one use|within a week|the first time I used it]",
                "{appliance} [doesn't turn on|won't switch on|is faulty|was dead on arrival"
                "|makes a horrible grinding noise]",
                "[parts|screws|pieces] were missing from {product}[ so I couldn't put it together"
                "| and I couldn't assemble it|]",
                "[I opened|I unpacked] {product} and [it was clearly used|it had a huge dent"
                "|it was scratched all over|a piece had snapped off]",
                "[second|third] time [I've received|I've had] a [damaged|faulty"
                "|broken] item[ from you| this year| in a row]",
                "{product} was [dented|damaged|scuffed] because it was [barely packed"
                "|thrown in a bag|packed so badly]",
                "{appliance} [keeps cutting out|keeps switching itself off|won't stay on"
                "|won't hold a charge]",
            ),
            "pos": (
                "{product} arrived [in perfect condition|perfectly packed|without a scratch"
                "|in one piece]",
                "[everything|the whole order|my order] was [really well packaged|carefully packed"
                "|packed with care] and [arrived intact|nothing was damaged|not a scratch on it]",
                "{product} [survived|made it through] the delivery [in one piece|without a mark"
                "|perfectly]",
                "[the packaging|packaging] was [sturdy|solid|excellent] and [recyclable"
                "|not excessive|kept everything safe]",
                "when {product} turned out to be faulty, [they swapped it|they replaced it"
                "|a replacement was sent] [within {days} days|straight away|the next day"
                "|without any fuss]",
                "no [dents|scratches|damage] at all[, {product} looked brand new"
                "|, really pleased with the condition|]",
                "{appliance} [works perfectly|worked perfectly out of the box|was exactly as new]",
            ),
            "neu": (
                "[I'd like to|I need to] report [a damaged item"
                "|a fault with {product}] from order {order}",
                "[can you|could you] [send|arrange] a replacement for {product}?",
                "[what should I do|how do I proceed] if {product} [arrived with a scratch"
                "|has a small dent]?",
                "[do you need|should I send] photos of the damage to {product}?",
            ),
        },
        "product_quality": {
            "neg": (
                "{product} [feels|is|looks] [cheap|flimsy|poorly made|badly made"
                "|really cheap and nasty]",
                "the quality [has gone downhill|has really dropped|isn't what it used to be"
                "|is poor these days]",
                "[the stitching|the seams|the zip|the handle|the fabric] [came apart|fell apart"
                "|broke|ripped|started fraying] after [a few weeks|one wash|a couple of uses"
                "|{days} days]",
                "{product} [looks nothing like the photos|is much smaller than described"
                "|is nothing like the description|is a completely different colour]",
                "[for the price|for what I paid] I expected [better quality|it to last longer"
                "|much better]",
                "{product} [is already showing wear|has already faded"
                "|has already started peeling] after [a month|a few weeks|{weeks} weeks]",
                "[the material|the finish] is [thin|rough|scratchy"
                "|cheap-looking] and [it doesn't feel like it will last|it won't last]",
                "[your own brand|the own-brand range|the Larkfield range] [used to be good"
                "|was decent once] but [now it's rubbish|it's gone downhill]",
            ),
            "pos": (
                "{product} is [really|incredibly|genuinely|very] [well made|sturdy|good quality"
                "|solid]",
                "[great|excellent|top] quality[, {product} feels like it will last for years"
                "|, much better than I expected| for the price|]",
                "{product} [looks exactly like the photos|is exactly as described"
                "|is even better in person]",
                "[I've had|I have had] {product} for [years|{weeks} weeks"
                "|a few months] and it's [still going strong|still like new"
                "|holding up brilliantly]",
                "[the fabric|the material|the finish] is [lovely|soft|really nice"
                "|premium] and [it washes well|it feels expensive|it's held up well]",
                "[really pleased|very happy|so impressed] with the quality of {product}",
                "[your own brand|the Larkfield range] [is brilliant|is better than the big names"
                "|is great quality]",
            ),
            "neu": (
                "[does|will] {product} [come with|have] a [warranty|guarantee]?",
                "[can you tell me|I'd like to know] [what {product} is made of"
                "|the dimensions of {product}]",
                "is {product} [suitable for|ok for] [outdoor use|everyday use|heavy use]?",
            ),
        },
        "price_value": {
            "neg": (
                "[prices|your prices] have [gone up|shot up|crept up] [a lot|massively|again"
                "|loads][ lately| this year| recently|]",
                "[way|far|much] too expensive for what [you get|it is]",
                "[I found|I saw] {product} [for {amount} less|{amount} cheaper] [elsewhere|online"
                "|at another shop|down the road]",
                "[paying|I paid] {amount} for {product} [is a joke|is daylight robbery"
                "|is a rip-off|felt like a rip-off]",
                "the [offers|deals|discounts] [aren't real|are fake"
                "|are misleading], [the price went up|prices went up] [the week before"
                "|just before the sale]",
                "[poor|terrible|bad|shocking] value for money",
                "[a delivery charge|the delivery fee|postage] of {amount} [is ridiculous"
                "|is far too high|is cheeky]",
                "[I used to think|it used to be] good value but [not anymore|those days are gone]",
            ),
            "pos": (
                "[great|good|excellent|fantastic] value[ for money| for what you get| as always]",
                "[prices|your prices] are [really|very|so] [reasonable|fair|competitive]",
                "[got|picked up] {product} [in the sale|on offer"
                "|with a discount] [for just {amount}|for {amount}|at a great price]",
                "[cheaper than|better priced than|beats] [anywhere else|the competition"
                "|the big online shops][ for the same thing| for the same quality|]",
                "the [offers|deals|weekly offers] are [genuinely good|actually worth it"
                "|really good]",
                "free delivery [over {amount}|on my order] [is a nice touch|is great"
                "|makes a difference]",
                "{amount} for {product} [is a bargain|is a steal|is more than fair]",
            ),
            "neu": (
                "[is|will] {product} [be on offer|go on sale] [soon|again|this month]?",
                "[do you price match|can you price match] [if I find it cheaper"
                "|against other retailers]?",
                "[I'd like to know|can you tell me] the current price of {product}",
                "why did the price change [after I ordered|since {weekday}]?",
            ),
        },
        "returns_refunds": {
            "neg": (
                "[I returned|I sent back] {product} {weeks} weeks ago and "
                "[still haven't been refunded|I'm still waiting for my refund"
                "|the money hasn't come back]",
                "[the refund|my refund] of {amount} [still hasn't arrived|is nowhere to be seen"
                "|was promised in 5 days and it's been {weeks} weeks]",
                "the returns [process|portal|label] [is a nightmare|didn't work|is so complicated"
                "|kept giving an error]",
                "[they refused|the store refused] to [take back|accept] {product} [even though"
                "|despite the fact] [I had the receipt|it was unused|it was within 28 days]",
                "[I had to pay|I was charged] {amount} [to return|for returning] [a faulty item"
                "|{product}]",
                "[I only got|I got] a [partial refund|store credit"
                "|voucher] instead of [my money back|a proper refund|cash]",
                "[returning|sending back] {product} [took three trips to the post office"
                "|was a complete hassle|was a nightmare]",
                "[the courier never collected|nobody came to collect] the return [on {weekday}"
                "|twice|as booked]",
            ),
            "pos": (
                "[returning|sending back] {product} was [easy|so easy|really simple|painless"
                "|hassle-free]",
                "[my refund|the refund] [came through|arrived|was processed] [within {days} days"
                "|the next day|really quickly|straight away]",
                "[no questions asked|no fuss at all|zero hassle] [when I returned"
                "|with the return of] {product}",
                "[I returned|I took back] {product} [in store|at the {city} store] and "
                "[it was sorted in minutes|they refunded me on the spot|the refund was instant]",
                "the returns [label|portal|process] [was easy to use|worked first time"
                "|is really straightforward]",
                "free returns [make it easy to order online|mean I can try things on at home]",
                "[they refunded|I got back] the full {amount} [quickly|without any fuss"
                "|the same day]",
            ),
            "neu": (
                "[how do I|how can I] [return|send back] {product} from order {order}?",
                "[what is|can you confirm] [your returns policy|the return window] for {product}?",
                "[I'd like to|I want to] [start a return|return an item] [from order {order}"
                "|for {product}]",
                "[has my return|has the return for order {order}] [been received"
                "|been processed][ yet|]?",
            ),
        },
        "website_usability": {
            "neg": (
                "the [website|app|site] [keeps crashing|is so slow|kept freezing"
                "|logged me out {times}|is a mess]",
                "[I couldn't find|it was impossible to find|it took ages to find] [{product}"
                "|what I wanted|the returns page|my order history] [on the website|in the app"
                "|on the site]",
                "the [search|search bar] [is useless|doesn't work|shows random stuff"
                "|never finds anything]",
                "the filters [are useless|don't work|show random stuff]",
                "[the app|the website] [won't let me|wouldn't let me] [log in|reset my password"
                "|update my address|add items to the basket]",
                "[the latest update|the new app|the new website design] [is awful"
                "|made everything worse|is confusing|broke everything]",
                "[my basket|the basket] [kept emptying itself|kept forgetting what I'd added"
                "|was wiped][ every time I logged in| twice|]",
                "[the pages|the product pages] [take forever|take ages] to load"
                "[, especially on my phone| on mobile|]",
                "[the size filters|the colour filters] on the [website|app] [don't work|are wrong"
                "|don't match what's actually available]",
            ),
            "pos": (
                "the [website|app|site] is [really|very|super] [easy to use|easy to navigate"
                "|quick|well laid out|intuitive]",
                "[I found|found] [exactly what I wanted|{product}"
                "|everything I needed] [in seconds|in a couple of clicks"
                "|straight away][ on the app| on the website|]",
                "the [new app|new website|latest update] is [a big improvement|much better"
                "|really slick|brilliant]",
                "[the search works really well|the filters work really well"
                "|the filters are spot on|the search makes it easy to find things]",
                "[ordering|shopping] [online|on the app] [was quick and easy|is so simple"
                "|took two minutes]",
                "[I like|I love|I really like] that [the app|the website] [remembers my sizes"
                "|saves my favourites|shows what's in my local store]",
            ),
            "neu": (
                "[how do I|where can I] [change my password|update my address"
                "|find my order history] [on the app|on the website]?",
                "[is there|do you have] an app for [Android|iPhone|tablets]?",
                "I can't see [my orders|my account details] in the app, [can you help"
                "|is there a known issue]?",
                "[does|will] the [app|website] [let me|allow me to] [save my card"
                "|set delivery preferences|see in-store stock]?",
                "[how do I|can I] [turn off|change] [marketing emails"
                "|app notifications][ in the app| on the website|]?",
            ),
        },
        "checkout_payment": {
            "neg": (
                "[my card|the payment] [was declined|kept getting declined|failed] [{times}"
                "|at checkout|even though there was money in the account]",
                "[checkout|the checkout page|the payment page] [froze|crashed|timed out"
                "|kept spinning] [right at the end|when I pressed pay|on the last step]",
                "[the discount code|my voucher|the promo code] [wouldn't apply|didn't work"
                "|was rejected] at checkout",
                "[I couldn't|it wouldn't let me] [pay with PayPal|use Apple Pay|pay by card"
                "|use my gift card][ at checkout| online|]",
                "the [card machine|card reader|till] [wasn't working|was down"
                "|kept rejecting cards] and [they only took cash|I had to leave my shopping"
                "|I had to go to a cashpoint]",
                "[the payment|my order] went through but [there was no order confirmation"
                "|I never got a confirmation|the order doesn't show up anywhere]",
                "[the checkout|paying online] [forced me to create an account"
                "|asks for the same details three times|is far too long]",
            ),
            "pos": (
                "[checkout|paying] was [quick|fast|smooth|easy|seamless]",
                "[paying with|using] [Apple Pay|PayPal|my phone|contactless] [was quick"
                "|worked perfectly|took seconds]",
                "[the discount code|my voucher] [applied straight away|worked first time"
                "|went through fine]",
                "[guest checkout|the one-click checkout|the new checkout] [is great|is so handy"
                "|saves loads of time]",
                "[being able to|the option to] [pay in instalments|split the payment"
                "|pay later] [was really helpful|is great]",
            ),
            "neu": (
                "[which|what] payment methods do you [accept|take]?",
                "[can I|is it possible to] [pay with|use] [a gift card|PayPal|two cards] [online"
                "|for order {order}]?",
                "[I'm not sure if|I don't know whether] my payment for order {order} went through",
            ),
        },
        "staff_helpfulness": {
            "neg": (
                "the [staff|assistant|shop assistant|lad on the till"
                "|woman at customer service] [was rude|was really rude|couldn't care less"
                "|was dismissive|ignored me]",
                "[nobody|no one] [came to help|offered to help"
                "|was around to help][ even though I waited| when I asked| on the shop floor|]",
                "[staff|the team] [were chatting|were on their phones"
                "|were busy gossiping] [instead of serving|and ignored the queue"
                "|while customers waited]",
                "[the agent|{agent} on the phone|the person on chat] [hung up on me"
                "|was condescending|talked over me|gave me wrong information]",
                "[I asked|I politely asked] [for help finding {product}"
                "|a simple question] and [got an eye roll|was told to look online"
                "|was told it's not their job]",
                "[the staff|the manager|the assistant] [didn't know anything about"
                "|had no idea about] [the product|{product}|the offer|the returns policy]",
                "[really|very|extremely] [unhelpful|rude|unfriendly] [staff"
                "|service] [at the {city} store|in store|today]",
            ),
            "pos": (
                "[{agent}|the assistant|the lady on the till|the young man on the shop floor] was"
                " [really|so|incredibly] [helpful|friendly|lovely|kind|patient]",
                "[staff|the team] at the {city} store [are always|were] [friendly|helpful"
                "|welcoming|brilliant]",
                "{agent} [went above and beyond|sorted everything out"
                "|couldn't have been more helpful|explained everything clearly]",
                "[the staff member|{agent}] [found|fetched] {product} [for me|from the stockroom"
                "|from another floor][ without me asking| straight away|]",
                "[great|excellent|brilliant|friendly] [customer service|service] from {agent}",
                "the staff [knew their stuff|really knew the products|were so knowledgeable]",
                "[{agent} on the phone|the chat agent|{agent} on live chat] [was patient"
                "|was brilliant|resolved it in minutes]",
            ),
            "neu": (
                "[I'd like to|I want to] [pass on|leave] feedback about [a member of staff"
                "|{agent}] at the {city} store",
                "[can you tell me|could you let me know] [who I spoke to"
                "|the name of the person I spoke to] on {weekday}?",
                "[is there someone|can someone] at the {city} store [who can help with"
                "|who knows about] {product}?",
            ),
        },
        "store_queues_cleanliness": {
            "neg": (
                "[the queue was|the queues were] [huge|massive|out the door"
                "|ridiculous][ and only one till was open| with just one till open| at lunchtime"
                "| on {weekday}|]",
                "[I waited|I queued|we queued] [{wait}|twenty minutes|ages] [to pay|at the till"
                "|at customer service]",
                "the [store|shop|{city} store] was [filthy|a mess|dirty|untidy|a tip]",
                "[the aisles were|the changing rooms were|the toilets were] [filthy|disgusting"
                "|a mess|blocked with boxes]",
                "the floor was [sticky|dirty|covered in rubbish]",
                "[boxes|pallets|cages] were [blocking the aisles|everywhere in the aisles]",
                "[clothes|stock|products] [all over the floor|thrown everywhere"
                "|piled up on the shelves][ in the {city} store|]",
                "[only one till open|two tills open out of ten"
                "|no staff on the tills] [on a Saturday|at peak time|at lunchtime]",
                "[the car park|the entrance] was [a mess|full of litter|disgusting]",
            ),
            "pos": (
                "the [store|shop|{city} store] was [spotless|really clean|tidy|well organised"
                "|bright and clean]",
                "[no queue|hardly any queue|barely any wait] at the tills"
                "[, in and out in five minutes| even on a Saturday|]",
                "[plenty of|lots of] tills [were |]open[ so I was served quickly"
                "| and the queue moved fast|]",
                "[the shelves were neatly stocked|everything was well laid out"
                "|everything was easy to find]",
                "[lovely|nice|pleasant] [atmosphere|store layout][ in the {city} store|]",
                "[the changing rooms|the toilets] were [clean|spotless|well kept]",
                "the [queue|line] moved [quickly|fast|really quickly]",
            ),
            "neu": (
                "[what are|can you confirm] the opening hours [of"
                "|for] the {city} store[ on {weekday}|]?",
                "does the {city} store have [parking|customer toilets|a café]?",
            ),
        },
        "stock_availability": {
            "neg": (
                "{product} [was|has been] out of stock [for weeks|again|for {weeks} weeks"
                "|every time I check]",
                "[the website|the app] said [it was in stock|there were 3 in stock] "
                "[at the {city} store|in store] but [there were none|the shelf was empty"
                "|they couldn't find any]",
                "[half the shelves|the shelves] were [empty|bare][ in the {city} store| again"
                "| on {weekday}|]",
                "[you never|they never|you hardly ever] have [my size|the size I need"
                "|the colour I want] in stock",
                "[I ordered|ordered] {product} and [a week later"
                "|after {days} days] [they cancelled it for being out of stock"
                "|it was cancelled as out of stock]",
                "[you've|they've] [stopped selling|discontinued] [{product}"
                "|the one I always buy][ without warning|]",
                "[the substitute|the replacement item] [was nothing like"
                "|wasn't anything like] what I ordered",
            ),
            "pos": (
                "everything I [needed|wanted] was [in stock|on the shelf]",
                "[good to see|great to see] {product} [back in stock|in stock again"
                "|available again]",
                "[the stock checker|the in-store stock check] [on the app"
                "|on the website] was [accurate|spot on|right]",
                "[they had|the store had] [my size|every size|the colour I wanted] in stock",
                "[good|great|excellent|wide] range[ and plenty of stock| with everything in stock"
                "|]",
                "[when|even though] {product} [was out of stock|sold out][ online"
                "|], [they ordered one in|they found one at another store"
                "|it came back within days]",
            ),
            "neu": (
                "[when will|will] {product} be back in stock?",
                "[do you have|is there] {product} in stock [at the {city} store|online]?",
                "[can you|could you] [reserve|hold] {product} for me at the {city} store?",
                "is {product} [being discontinued|going to be restocked]?",
            ),
        },
        "contact_wait": {
            "neg": (
                "[I waited|I was on hold|I've been on hold|I hung on][ for"
                "|] {wait}[ to speak to someone| before anyone answered| just to be cut off|]",
                "[I called|I've called|I rang] {times} and [never got through"
                "|was cut off every time|gave up each time]",
                "[the live chat|the chat] [said|showed] [I was number 48 in the queue"
                "|a wait of {wait}][ and then disconnected| and then closed|]",
                "[no one|nobody] [has replied to|has answered] my [email|emails"
                "|message] [in {days} days|for {weeks} weeks|since {weekday}]",
                "[the phone line|your helpline] [is always engaged|just rings out"
                "|is impossible to get through to]",
                "[the callback|the call back] [I was promised|they promised][ on {weekday}"
                "| within 24 hours|] [never happened|never came]",
                "{wait} [on hold|listening to the same song|of hold music][ to get nowhere"
                "| for a two-minute question|]",
                "[the automated menu|the phone menu] [kept sending me round in circles"
                "|has far too many options|hung up on me]",
            ),
            "pos": (
                "[I got through|someone answered|I was connected] [straight away|within a minute"
                "|in under two minutes|almost immediately]",
                "[barely any|no] wait [on the phone|on live chat|to speak to someone]",
                "[they called|{agent} called] me back [exactly when promised|within the hour"
                "|the same day]",
                "[my email|my message] was answered [within hours|the same day|within a day]",
                "[the chat|live chat] [connected me|got me to an agent] [in seconds|straight away"
                "|quickly]",
                "[short|quick] wait[ and a quick resolution| and sorted in one call|]",
            ),
            "neu": (
                "[what are|when are] your [phone|contact centre|live chat] [opening hours|hours]?",
                "[can|could] someone call me back [on {weekday}|after 5pm|in the morning]?",
                "[is there|do you have] a [phone number|direct line] for [returns|billing"
                "|the {city} store]?",
            ),
        },
        "billing_error": {
            "neg": (
                "[I was charged|you charged me|I've been charged] twice for [order {order}"
                "|the same order|{product}]",
                "[my statement shows|my bank shows|there's] [a charge of"
                "|a payment of] {amount} [I don't recognise|that I never authorised"
                "|for an order I cancelled]",
                "[I was|I got] [overcharged|charged {amount} more than the price shown"
                "|charged the full price instead of the sale price]",
                "[the invoice|my bill|my receipt] [is wrong|has the wrong amount"
                "|shows items I didn't buy]",
                "[my subscription|the delivery pass] [renewed|charged me] [without asking"
                "|even though I cancelled it|after I cancelled]",
                "[I cancelled|I returned] [the order|{product}] [but was still charged"
                "|and still got charged] {amount}",
                "[the double charge|the extra charge] [is still on my account"
                "|hasn't been reversed|still hasn't been corrected] [after {days} days"
                "|after {weeks} weeks]",
            ),
            "pos": (
                "[the billing|my account] [mistake|error|issue] was [fixed|sorted"
                "|corrected] [within minutes|straight away|on the first call]",
                "[they noticed|{agent} spotted] [the double charge"
                "|the overcharge] and [refunded it straight away|reversed it immediately]",
                "[my bill is|the invoices are|the receipts are] always [clear|accurate"
                "|easy to understand]",
                "the [charge|payment] [matched|was exactly] [the price shown|what I expected]",
                "[the app|my account] [shows|lists] [every charge|all my payments] [clearly"
                "|neatly]",
            ),
            "neu": (
                "[can you|could you] [explain|clarify] [a charge"
                "|the charge of {amount}] on my [statement|account]?",
                "[I need|I'd like] a [VAT invoice|copy of the invoice|receipt] for order {order}",
                "[how do I|can I] [update|change] [my billing address|the card on my account]?",
            ),
        },
        "loyalty_points": {
            "neg": (
                "[my points|the loyalty points|my Larkfield Club points] [from order {order}"
                "|from my last shop|for {product}] [never showed up|weren't added|disappeared]",
                "[I lost|I've lost] [{points} points|all my points] [because they expired"
                "|without any warning|overnight]",
                "[the loyalty scheme|the rewards programme|Larkfield Club] [is pointless"
                "|isn't worth it anymore|has been made so much worse]",
                "[the vouchers|my reward vouchers] [can't be used|couldn't be used"
                "|wouldn't scan] [online|at the till|on sale items]",
                "[the loyalty card|my card|the app card] [didn't scan|wouldn't scan"
                "|wasn't recognised] [at the till|in store]",
                "[it takes|you need] [forever|years|about a million points] to [earn anything"
                "|get a reward|get a voucher worth having]",
                "[the new points system is|the changes to the rewards scheme are] [a downgrade"
                "|a con|much worse]",
            ),
            "pos": (
                "[I love|I really like] [the loyalty scheme|Larkfield Club|the rewards app]",
                "[my points|the points] [added up quickly|paid for {product}"
                "|turned into a {amount} voucher]",
                "the [member|loyalty] [discounts|offers|prices] are [great|really good|worth it]",
                "[the birthday voucher|the double points weekend"
                "|the bonus points offer] [was a nice surprise|was great|made my day]",
                "[it's easy to|I can easily] [check|use] my points [in the app|at the till]",
                "[collecting points|the rewards card] [makes it worth shopping here"
                "|makes every shop feel worth it]",
            ),
            "neu": (
                "[how do I|how can I] [check|transfer|merge] my [points|rewards balance]?",
                "[my points|the points] from order {order} [aren't showing"
                "|haven't appeared] yet, [can you check|could you look into it]?",
                "[when do|do] my points expire?",
                "[can I|is it possible to] use my points [online|on sale items|for delivery]?",
            ),
        },
        "click_collect": {
            "neg": (
                "[my click and collect|my click & collect order|the collection] [wasn't ready"
                "|wasn't there|couldn't be found] [when I arrived|at the {city} store"
                "|after I got the email]",
                "[I got|I received] the [ready to collect|collection] [email"
                "|text] but [they couldn't find|nobody could find] [my order|the parcel]",
                "[the collection point|the click and collect desk] [was unmanned|had nobody on it"
                "|had a queue of {wait}]",
                "[I waited|waited] {wait} [at the collection desk|for my click and collect"
                "|for someone to find my order]",
                "[the lockers|the collection locker] [wouldn't open|didn't accept my code"
                "|kept showing an error]",
                "[my collection|the click and collect order] was [sent back"
                "|returned] [before I could pick it up|after only {days} days]",
            ),
            "pos": (
                "click and collect was [quick|easy|seamless|brilliant]",
                "[my order|the parcel] was [ready|waiting] [at the {city} store"
                "|for collection] [within hours|the same day|before the email even arrived]",
                "[the collection desk|the locker] [was easy to find|worked first time"
                "|had me in and out in two minutes]",
                "[picking up|collecting] [my order|{product}] [in store"
                "|at the {city} store] [was so easy|took seconds|was really convenient]",
            ),
            "neu": (
                "how long will my click and collect order be held[ at the {city} store|]?",
                "[can someone else|can my partner] collect [my order|order {order}][ for me|]?",
                "has order {order} [arrived at the {city} store|been sent to the store] yet?",
            ),
        },
        "self_checkout_errors": {
            "neg": (
                "the [self-checkout|self-checkouts|self checkout|self-scan till] kept [saying"
                "|flashing] '[unexpected item in the bagging area|please wait for assistance"
                "|approval needed|item not recognised]'",
                "[every|each] [item|scan] [needed|required] [an assistant|staff approval"
                "|someone to come over] [at the self-checkout|on the self-service till]",
                "the self-checkout [charged me twice for|double scanned"
                "|scanned twice] {small_item}",
                "the self-checkout [didn't apply|ignored|missed] [the offer|the discount"
                "|the multibuy]",
                "[the self-service tills|the self-checkouts] [froze|crashed"
                "|kept freezing] [halfway through my shop|when I tried to pay|{times}]",
                "the [scanner|scales] on the self-checkout [wouldn't read|couldn't read"
                "|didn't recognise] [the barcode|{small_item}|anything]",
                "[I got stopped|I was stopped] [at the exit|by security] because the"
                " self-checkout [hadn't registered|didn't register] {small_item}",
                "the new self-checkouts [are a disaster|are worse than the old ones|never work]",
                "[there was|there's] [only one|never any] [member of staff|assistant] [covering"
                "|watching] [eight|ten|all the] self-checkouts",
                "the self-checkout total [was wrong|didn't match what I scanned"
                "|was {amount} too much]",
            ),
            "pos": (
                "the self-checkouts [were quick|worked perfectly|were easy to use|were fast]",
                "[I used|I went through] the self-checkout [and it took seconds|and it was easy"
                "|for a few bits and it was quick]",
                "the [new|upgraded] self-checkouts are [much better|a real improvement"
                "|quick and easy]",
                "not a single 'unexpected item' [message|error] at the self-checkout",
                "[an assistant was right there|a member of staff was on hand"
                "|someone was on hand] at the self-checkouts[ when I needed help"
                "| to approve my items|]",
                "[scanning|paying] at the self-service tills [was painless|was smooth"
                "|worked first time]",
                "[the self-checkouts|the self-scan tills] [recognised everything first time"
                "|didn't need an assistant once|never asked for approval]",
                "[the self-checkout|the self-scan till] [applied the offer|took my loyalty card"
                "|printed the receipt] [without any fuss|first time|straight away]",
                "[glad|happy|pleased] [you've|they've] [fixed|sorted out"
                "|improved] the self-checkouts[ at the {city} store|, they work now|]",
            ),
            "neu": (
                "[can you check|could you look into] a self-checkout transaction at the {city}"
                " store on {weekday}?",
                "[how do I|can I] get a refund for a self-checkout [error"
                "|mistake][ at the {city} store|]?",
                "[is there|do you have] a limit on items at the self-checkouts?",
            ),
        },
    },
    "es": {
        "delivery_delay": {
            "neg": (
                "mi pedido {order} [todavía no ha llegado|sigue sin llegar"
                "|no aparece por ningún lado|se ha perdido por el camino][ y ya van {days} días"
                "| después de {weeks} semanas| y tenía que llegar el {weekday}|]",
                "me [prometieron|dijeron|aseguraron] que llegaba [el {weekday}|en {days} días"
                "|al día siguiente] y [todavía lo estoy esperando|llegó {days} días tarde"
                "|no llegó nada|apareció una semana después]",
                "pagué el envío [exprés|urgente|prémium] y [tardó {days} días"
                "|llegó igual de tarde|llegó una semana más tarde|no sirvió de nada]",
                "el seguimiento [decía|marcaba|ponía] «entregado» pero [aquí no llegó nada"
                "|no había ningún paquete|ni los vecinos lo recibieron]",
                "[pedí|me tomé] el día libre[ en el trabajo|] para esperar [el pedido"
                "|{product}] y [nadie vino|el repartidor nunca apareció"
                "|me cambiaron la entrega sin avisar]",
                "me [cambiaron|movieron] la franja de entrega [{times}|sin preguntarme"
                "|sin ningún aviso]",
                "el repartidor dejó un aviso de [ausente|que no había nadie] cuando "
                "[estuve en casa todo el día|no me moví de casa|estaba al lado de la puerta]",
                "[solo llegó la mitad del pedido|llegó solo una parte del pedido"
                "|de tres artículos solo llegó uno] y [el resto sigue sin aparecer"
                "|lo demás no ha llegado|del resto ni rastro]",
                "[el envío tardó una eternidad|la entrega fue lentísima|el envío fue lentísimo"
                "|los envíos siempre llegan tarde]",
                "estuvo «en reparto» [{days} días|todo el día] y [luego nada"
                "|al final volvió al almacén|desapareció del seguimiento]",
                "llevo {weeks} semanas esperando [un pedido|el pedido"
                "|{product}] que [tenía que tardar|debía tardar] [dos días|48 horas"
                "|tres días hábiles]",
            ),
            "pos": (
                "[el pedido|el paquete|mi compra] llegó [un día antes|al día siguiente"
                "|antes de lo previsto|justo a tiempo|en menos de 24 horas|el día que indicaban]",
                "el envío [fue|ha sido] [rapidísimo|muy rápido|superrápido"
                "|puntual][, como siempre|, otra vez|]",
                "la entrega fue [rapidísima|muy rápida|puntual|impecable][, como siempre|]",
                "el repartidor [fue muy amable|avisó antes de venir"
                "|trató el paquete con cuidado] y [llegó a la hora|cumplió la franja"
                "|llegó puntual]",
                "el seguimiento [funcionó perfecto|no falló ni una vez|era exacto] y [el pedido"
                "|{product}] llegó [cuando decían|en la franja indicada|sin retrasos]",
                "[pedí|compré] {product} [el {weekday}|por la noche"
                "|un domingo] y [al día siguiente ya estaba en casa|me llegó al día siguiente"
                "|en dos días estaba aquí]",
                "da gusto que [los pedidos|las entregas|los paquetes] lleguen [cuando prometen"
                "|a tiempo|el día indicado]",
                "el envío [urgente|exprés] [cumplió lo prometido|llegó en 24 horas"
                "|funcionó de verdad]",
            ),
            "neu": (
                "¿[podrían|pueden|me podrían] [decirme|confirmarme|indicarme] cuándo [llega"
                "|va a llegar|llegará] [mi pedido|el pedido {order}|mi paquete]?",
                "[escribo para|quería] [consultar|saber] el estado del pedido {order}",
                "[quería|me gustaría] cambiar [la fecha de entrega|la dirección de entrega"
                "|la franja de entrega] del pedido {order}",
                "¿hay [alguna novedad|alguna actualización|novedades] sobre [mi entrega"
                "|el pedido {order}|mi paquete]?",
                "el seguimiento del pedido {order} no se [actualiza|mueve] desde el {weekday}",
            ),
        },
        "damaged_item": {
            "neg": (
                "{product} llegó [con un golpe enorme|en mal estado|con una grieta"
                "|con arañazos por todas partes|con piezas sueltas]",
                "me llegó {product} [en mal estado|con golpes por todos lados|con la caja abierta]",
                "la caja venía [aplastada|empapada|rota|abierta] y [el contenido estaba dañado"
                "|lo de dentro estaba roto|lo que había dentro no servía]",
                "{appliance} dejó de funcionar [a los {days} días|al primer uso"
                "|en menos de una semana]",
                "{appliance} [no enciende|no funciona|hace un ruido horrible"
                "|tiene un defecto de fábrica]",
                "faltaban [piezas|tornillos|varias piezas][ y no hubo forma de montar nada"
                "| y las instrucciones no servían de nada|]",
                "[al abrir|cuando abrí] la caja [se notaba que era de segunda mano"
                "|había una abolladura enorme|el cristal estaba roto|faltaba una pieza]",
                "es [la segunda|la tercera] vez que [me llega|recibo] un artículo [roto"
                "|defectuoso|dañado][ este año| seguida| de su tienda]",
                "el embalaje era [malísimo|insuficiente|de risa] y {product} [llegó con golpes"
                "|sufrió en el transporte|llegó con desperfectos]",
                "me llegó {appliance} sin funcionar",
            ),
            "pos": (
                "{product} llegó [en perfecto estado|sin un solo rasguño|sin ningún golpe"
                "|impecable]",
                "[todo|el pedido entero|todo el pedido] [venía|llegó] [muy bien embalado"
                "|bien protegido|embalado con mucho cuidado] y [sin ningún daño"
                "|en perfecto estado]",
                "el embalaje era [resistente|sólido|excelente] y [reciclable|sin plásticos de más"
                "|protegía todo perfectamente]",
                "cuando {product} resultó tener un fallo, [me enviaron un repuesto"
                "|me mandaron un reemplazo|lo solucionaron] [en {days} días|enseguida"
                "|al día siguiente|sin ningún problema]",
                "ni un golpe ni un arañazo[, todo llegó impecable|, perfecto|]",
                "{appliance} funciona [perfectamente|a la perfección"
                "|de maravilla][ desde el primer día| desde que llegó|]",
            ),
            "neu": (
                "quería [informar de|avisar de] [un artículo dañado"
                "|un defecto] en el pedido {order}",
                "¿[pueden|podrían] [enviarme|mandarme] un [recambio|repuesto"
                "|reemplazo] para {product}?",
                "¿qué [tengo que hacer|debo hacer] si {product} llegó con un pequeño golpe?",
                "¿[necesitan|hace falta que les envíe] fotos del daño?",
            ),
        },
        "product_quality": {
            "neg": (
                "{product} [parece|es] de [muy mala calidad|baja calidad|juguete]",
                "la calidad [ha bajado muchísimo|ya no es lo que era|deja mucho que desear"
                "|ha empeorado un montón]",
                "[la costura|la cremallera|el asa|la tela] [se rompió|se deshizo"
                "|se descosió] [a las pocas semanas|con el primer lavado"
                "|después de un par de usos|a los {days} días]",
                "{product} no se parece en nada a [las fotos|la descripción"
                "|lo que salía en la web]",
                "[por lo que pagué|por ese precio] esperaba [mucha más calidad|algo mejor"
                "|que durara más]",
                "{product} ya [muestra desgaste|ha perdido el color|se está pelando] [al mes"
                "|a las pocas semanas|en {weeks} semanas]",
                "[el material|el acabado] es [finísimo|pobre|áspero"
                "|de mala calidad] y [no creo que dure|no va a durar nada]",
                "la marca propia [antes era buena|estaba bien antes] pero [ahora es malísima"
                "|ha empeorado mucho]",
            ),
            "pos": (
                "{product} es de [muy buena|excelente|gran] calidad",
                "[muy buena|excelente|gran] calidad[, se nota que va a durar años"
                "|, mejor de lo que esperaba| por el precio|]",
                "{product} es exactamente como en las fotos",
                "{product} se ve [todavía mejor|aún mejor] en persona",
                "llevo [años|{weeks} semanas|unos meses] con {product} y "
                "[sigue como el primer día|aguanta perfectamente|no le pasa nada]",
                "[la tela es suave|el material es de primera|el acabado es precioso] y "
                "[aguanta bien los lavados|se nota de calidad|ha durado muchísimo]",
                "[muy contenta|muy contento|encantada|encantado] con la calidad[ de todo"
                "| del pedido|]",
                "la marca propia [es buenísima|está a la altura de las grandes marcas"
                "|tiene muy buena calidad]",
            ),
            "neu": (
                "¿{product} tiene garantía?",
                "[quería saber|me gustaría saber] [qué medidas tiene|qué material lleva] {product}",
                "¿{product} sirve para [exterior|uso diario|uso intensivo]?",
            ),
        },
        "price_value": {
            "neg": (
                "los precios [han subido muchísimo|no paran de subir"
                "|se han disparado][ últimamente| este año|]",
                "[demasiado caro|carísimo] para lo que [es|ofrece]",
                "[vi|encontré] {product} por {amount} menos [en otra tienda|en internet"
                "|en la competencia]",
                "pagar {amount} por {product} es [un robo|una estafa|un abuso|de risa]",
                "las ofertas [no son reales|son de mentira|engañan]: "
                "[subieron el precio justo antes|el precio subió la semana anterior]",
                "[mala|pésima|poca] relación calidad-precio",
                "[los gastos de envío de {amount} son excesivos"
                "|cobrar {amount} de envío es un abuso]",
                "antes [tenían buenos precios|era barato], pero [ya no|eso se acabó]",
            ),
            "pos": (
                "[muy buena|excelente|gran] relación calidad-precio",
                "los precios son [muy razonables|justos|competitivos|de lo mejor]",
                "conseguí {product} [en rebajas|en oferta|con descuento] [por solo {amount}"
                "|por {amount}|a muy buen precio]",
                "[más barato que en ningún otro sitio|mejor precio que la competencia"
                "|imposible encontrarlo más barato]",
                "las ofertas [valen la pena de verdad|merecen la pena|son buenas de verdad]",
                "el envío gratis [a partir de {amount}|en mi pedido] [es un detalle"
                "|se agradece muchísimo|marca la diferencia]",
                "{amount} por {product} es [una ganga|un chollo|un precio buenísimo]",
            ),
            "neu": (
                "¿{product} va a estar en oferta [pronto|este mes|otra vez]?",
                "¿igualan precios si lo encuentro más barato en otra tienda?",
                "[quería saber|me gustaría saber] cuánto cuesta ahora {product}",
                "¿por qué cambió el precio [después de hacer el pedido|desde el {weekday}]?",
            ),
        },
        "returns_refunds": {
            "neg": (
                "devolví {product} hace {weeks} semanas y [todavía no me han devuelto el dinero"
                "|sigo esperando el reembolso|el dinero no aparece]",
                "el reembolso de {amount} [sigue sin llegar|no aparece por ningún lado"
                "|tenía que llegar en 5 días y ya van {weeks} semanas]",
                "[el proceso de devolución|el portal de devoluciones] [es un infierno"
                "|no funcionaba|es complicadísimo|daba error una y otra vez]",
                "en la tienda se negaron a aceptar la devolución [aunque tenía el ticket"
                "|aunque estaba sin usar|aunque estaba dentro del plazo]",
                "[me cobraron|tuve que pagar] {amount} por devolver [un artículo defectuoso"
                "|{product}]",
                "[me dieron|solo me ofrecieron] un vale en lugar de [devolverme el dinero"
                "|un reembolso]",
                "[el mensajero no vino|nadie vino] a recoger la devolución [el {weekday}"
                "|ni una vez|como habíamos quedado]",
                "devolver {product} fue [una odisea|un calvario|un lío tremendo]",
            ),
            "pos": (
                "devolver {product} fue [facilísimo|muy sencillo|rapidísimo|un trámite rapidísimo]",
                "el reembolso [llegó|se hizo] [en {days} días|al día siguiente|enseguida"
                "|rapidísimo]",
                "[sin preguntas|sin ningún problema|sin pegas] al devolver {product}",
                "devolví {product} en la tienda de {city} y [me lo solucionaron en minutos"
                "|me devolvieron el dinero al momento|el reembolso fue inmediato]",
                "[la etiqueta de devolución|el portal de devoluciones] [funcionó a la primera"
                "|es muy fácil de usar|no dio ningún problema]",
                "[con las devoluciones gratis|al ser gratis las devoluciones] "
                "[da gusto comprar online|me animo a probar cosas en casa]",
                "me devolvieron los {amount} [enseguida|sin pegas|el mismo día]",
            ),
            "neu": (
                "¿cómo puedo devolver {product} del pedido {order}?",
                "¿cuál es el plazo de devolución para {product}?",
                "quería [iniciar|tramitar] una devolución del pedido {order}",
                "¿ya [recibieron|han recibido|procesaron] la devolución del pedido {order}?",
            ),
        },
        "website_usability": {
            "neg": (
                "[la web|la app|la aplicación] [se cuelga cada dos por tres|va lentísima"
                "|se queda congelada|me cerró la sesión {times}|es un desastre]",
                "[no hubo manera de encontrar|me costó muchísimo encontrar"
                "|es imposible encontrar] [{product}|lo que buscaba|la página de devoluciones"
                "|el historial de pedidos] en [la web|la app]",
                "el buscador [no sirve para nada|no funciona|saca cualquier cosa"
                "|nunca encuentra nada]",
                "[la app|la web] no me [deja|dejaba] [iniciar sesión|cambiar la contraseña"
                "|actualizar mi dirección|añadir cosas al carrito]",
                "[la última actualización|el nuevo diseño de la web|la nueva app] [es horrible"
                "|lo ha empeorado todo|es un lío|lo ha estropeado todo]",
                "[el carrito se vaciaba solo|los artículos desaparecían del carrito]"
                "[ cada vez que entraba| dos veces|]",
                "las páginas tardan [una eternidad|muchísimo] en cargar[, sobre todo en el móvil"
                "|, sobre todo en el celular|]",
                "los filtros de [talla|precio|color] [no funcionan|no sirven|están mal]",
            ),
            "pos": (
                "[la web|la app] es [muy fácil de usar|muy intuitiva|rapidísima|muy clara]",
                "encontré [justo lo que buscaba|{product}|todo lo que necesitaba] [en segundos"
                "|en un par de clics|enseguida][ en la app| en la web|]",
                "[la nueva app|la nueva web|la última actualización] [ha mejorado muchísimo"
                "|está genial|va de maravilla]",
                "[el buscador funciona genial|los filtros funcionan muy bien"
                "|el buscador encuentra todo a la primera]",
                "comprar [por la web|en la app|online] [fue rápido y sencillo|es facilísimo"
                "|me llevó dos minutos]",
                "me encanta que [la app|la web] [guarde mis tallas|guarde mis favoritos"
                "|muestre lo que hay en mi tienda]",
            ),
            "neu": (
                "¿cómo [cambio|puedo cambiar] [la contraseña|mi dirección|mis datos] en [la app"
                "|la web]?",
                "¿tienen app para [Android|iPhone|tableta]?",
                "no veo [mis pedidos|los datos de mi cuenta] en la app, ¿"
                "[saben si hay algún problema|me pueden ayudar]?",
                "¿la [app|web] permite [guardar la tarjeta|elegir preferencias de entrega"
                "|ver el stock de la tienda]?",
                "¿cómo [desactivo|cambio] [los correos promocionales"
                "|las notificaciones de la app][ en la web| en la app|]?",
                "¿[dónde|cómo] [veo|consulto] [mis pedidos anteriores|mis facturas"
                "|mis direcciones guardadas] en [la app|la web]?",
                "¿[la app|la web] [tiene|ofrece] [modo oscuro|lista de deseos|aviso de stock]?",
            ),
        },
        "checkout_payment": {
            "neg": (
                "[me rechazaron la tarjeta|el pago falló|me rechazaba la tarjeta] [{times}"
                "|al pagar|aunque tenía saldo]",
                "[la página de pago se quedó colgada|el proceso de pago se colgó"
                "|la pasarela de pago dio error] [justo al final|al darle a pagar"
                "|en el último paso]",
                "[el código de descuento|mi cupón|el código promocional] no [se aplicaba"
                "|funcionaba|era válido] al pagar",
                "no me dejaba pagar con [PayPal|la tarjeta regalo|Apple Pay|tarjeta]",
                "[el datáfono|la terminal de pago|la caja] no funcionaba y "
                "[solo aceptaban efectivo|tuve que dejar la compra|tuve que ir a un cajero]",
                "el pago se hizo pero [no recibí confirmación|el pedido no aparece"
                "|nunca me llegó el correo de confirmación]",
                "[para pagar te obligan a crear una cuenta|piden los mismos datos tres veces"
                "|el proceso de pago es larguísimo]",
                "[me cobraron|me descontaron] el dinero pero [el pedido no se completó"
                "|la web dio error|la compra no aparece en mi cuenta]",
                "[la caja|el datáfono] [rechazó|no aceptó] [mi tarjeta"
                "|el pago con el móvil] [dos veces|sin motivo|aunque tenía saldo]",
            ),
            "pos": (
                "pagar fue [rápido|facilísimo|muy sencillo|cuestión de segundos]",
                "pagar con [el móvil|Apple Pay|PayPal|tarjeta sin contacto] [fue rapidísimo"
                "|funcionó perfecto|no dio ningún problema]",
                "[el código de descuento|mi cupón] se aplicó [a la primera|sin problemas"
                "|al instante]",
                "[poder pagar en cuotas|la opción de pagar a plazos"
                "|poder pagar más tarde] [me vino muy bien|es genial|se agradece]",
                "[el pago como invitado|el nuevo proceso de pago] [es comodísimo"
                "|ahorra mucho tiempo|está genial]",
                "[el pago|la compra] se [completó|confirmó] [en segundos|al momento"
                "|sin ningún problema]",
                "[el datáfono|la caja] [aceptó|leyó] [la tarjeta|el móvil] a la primera",
                "me [gustó|encantó] poder pagar con [Bizum|PayPal|el móvil"
                "|tarjeta regalo][ en la web| en tienda|]",
            ),
            "neu": (
                "¿qué [formas|métodos] de pago aceptan?",
                "¿se puede pagar con [tarjeta regalo|PayPal|dos tarjetas][ en la web"
                "| en el pedido {order}|]?",
                "no sé si el pago del pedido {order} [se hizo bien|se completó]",
            ),
        },
        "staff_helpfulness": {
            "neg": (
                "[la dependienta|el dependiente|la chica de la caja|el encargado"
                "|el chico de atención al cliente] [fue muy borde|me trató fatal"
                "|pasó de mí completamente|me contestó de malas maneras|fue muy desagradable]",
                "[nadie|ningún empleado] [vino a ayudarme|se ofreció a ayudar]"
                "[ aunque esperé un buen rato| cuando lo pedí|]",
                "los empleados [estaban charlando|estaban con el móvil"
                "|estaban a lo suyo] [en vez de atender|mientras la cola crecía|y nos ignoraban]",
                "[el agente|{agent} por teléfono|la persona del chat] [me colgó"
                "|me habló con desprecio|me interrumpía todo el rato"
                "|me dio información equivocada]",
                "[pregunté por {product}|hice una pregunta sencilla] y [me pusieron mala cara"
                "|me dijeron que mirara en la web|me dijeron que no era su trabajo]",
                "[nadie en la tienda tenía|el encargado no tenía"
                "|la dependienta no tenía] ni idea de [la oferta|la política de devoluciones"
                "|cómo funciona el producto]",
                "[pésima atención|un trato pésimo|muy mala atención] en la tienda de {city}",
            ),
            "pos": (
                "[{agent}|la dependienta|el chico de la caja|la chica de atención al cliente] fue"
                " [muy amable|un encanto|un sol|de gran ayuda|muy paciente]",
                "el personal de la tienda de {city} [es siempre|fue] [muy amable|encantador"
                "|de diez]",
                "{agent} [se desvivió por ayudarme|lo solucionó todo"
                "|me lo explicó todo con paciencia|me ayudó muchísimo]",
                "[la dependienta|{agent}] me buscó {product} [en el almacén|en otra planta"
                "|sin que se lo pidiera|enseguida]",
                "[excelente|muy buena|magnífica] atención por parte de {agent}",
                "se nota que el personal conoce [bien|muy bien] los productos",
                "{agent}, del [chat|teléfono|servicio de atención], [fue muy paciente"
                "|lo resolvió en minutos|fue de diez]",
            ),
            "neu": (
                "quería [dejar|hacer llegar] un comentario sobre [un empleado"
                "|{agent}] de la tienda de {city}",
                "¿me pueden decir [con quién hablé|el nombre de la persona que me atendió] el"
                " {weekday}?",
                "¿hay alguien en la tienda de {city} que me pueda [informar"
                "|orientar] sobre {product}?",
            ),
        },
        "store_queues_cleanliness": {
            "neg": (
                "[la cola era enorme|la cola era kilométrica|había una cola interminable"
                "|había cola hasta la puerta][ y solo había una caja abierta"
                "| con una sola caja abierta| a la hora de comer| el {weekday}|]",
                "[esperé|estuve esperando|hice cola] {wait} [para pagar|en la caja"
                "|en atención al cliente]",
                "la tienda[ de {city}|] estaba [sucísima|hecha un desastre|muy desordenada"
                "|asquerosa]",
                "[los pasillos estaban|los probadores estaban|los baños estaban] [sucísimos"
                "|asquerosos|hechos un desastre|llenos de cajas]",
                "el suelo estaba [pegajoso|sucio|lleno de basura]",
                "había [cajas|palés|carros] [por todos los pasillos|bloqueando los pasillos]",
                "la ropa [estaba tirada por el suelo|estaba toda revuelta"
                "|estaba amontonada en las estanterías]",
                "[solo había una caja abierta|había dos cajas abiertas de diez"
                "|no había nadie en las cajas] [un sábado|en hora punta|a mediodía]",
            ),
            "pos": (
                "la tienda[ de {city}|] estaba [impecable|limpísima|muy ordenada|muy limpia]",
                "[casi no había cola|no había nada de cola|apenas esperé] en las cajas"
                "[, entré y salí en cinco minutos|, incluso un sábado|]",
                "había [muchas|varias|bastantes] cajas abiertas[ y me atendieron rapidísimo"
                "| y la cola avanzó rápido|]",
                "[las estanterías estaban bien surtidas|todo estaba muy bien colocado"
                "|era fácil encontrarlo todo]",
                "[muy buen ambiente|un ambiente muy agradable|una distribución muy cómoda] en la"
                " tienda[ de {city}|]",
                "[los probadores|los baños] estaban [limpios|impecables|muy cuidados]",
                "la cola [avanzó|iba] [rápido|rapidísimo|muy rápido]",
            ),
            "neu": (
                "¿cuál es el horario de la tienda de {city}[ el {weekday}| en festivos|]?",
                "¿la tienda de {city} tiene [parking|baños para clientes|cafetería]?",
            ),
        },
        "stock_availability": {
            "neg": (
                "{product} [lleva semanas|lleva {weeks} semanas|sigue] sin stock",
                "[la web|la app] [decía|ponía] que había stock en la tienda de {city} pero "
                "[no había nada|la estantería estaba vacía|no encontraron nada]",
                "[la mitad de las estanterías|las estanterías] estaban vacías"
                "[ en la tienda de {city}| otra vez| el {weekday}|]",
                "[nunca|casi nunca] tienen [mi talla|la talla que necesito|el color que quiero]",
                "[hice un pedido|pedí {product}] y [a la semana"
                "|a los {days} días] me cancelaron el pedido por falta de stock",
                "[han dejado de vender|ya no venden] [{product}"
                "|lo que compraba siempre][ sin avisar|]",
                "el producto de sustitución [no se parecía en nada"
                "|no tenía nada que ver] con lo que pedí",
            ),
            "pos": (
                "[tenían todo lo que necesitaba|había de todo|encontré todo en stock]",
                "{product} [vuelve a estar|ya está otra vez] disponible",
                "[el consultor de stock|la consulta de disponibilidad] de [la app|la web] [acertó"
                "|no falló|funcionó perfecto]",
                "tenían [mi talla|todas las tallas|el color que quería] en tienda",
                "[mucho surtido|gran variedad|muy buen surtido] y [todo disponible|stock de todo]",
                "aunque en esa tienda no les quedaba, [me lo pidieron de otra tienda"
                "|lo encontraron en otra tienda|lo trajeron en dos días]",
            ),
            "neu": (
                "¿cuándo van a reponer {product}?",
                "¿tienen {product} en la tienda de {city}?",
                "¿me pueden reservar {product} en la tienda de {city}?",
                "¿van a dejar de vender {product}?",
            ),
        },
        "contact_wait": {
            "neg": (
                "[estuve|me tuvieron] {wait} [esperando|en espera] [para hablar con alguien"
                "|hasta que alguien contestó|y luego se cortó]",
                "[llamé|he llamado] {times} y [nunca me atendieron|se cortó todas las veces"
                "|acabé colgando]",
                "el chat [decía que|ponía que] [tenía 48 personas delante"
                "|la espera era de {wait}][ y luego se desconectó| y luego se cerró|]",
                "[nadie ha respondido|nadie respondió] a mi [correo|mensaje"
                "|email] [en {days} días|en {weeks} semanas|desde el {weekday}]",
                "[el teléfono siempre comunica|nadie contesta el teléfono"
                "|es imposible comunicarse por teléfono]",
                "la llamada [que me prometieron|que me aseguraron] [para el {weekday}"
                "|en 24 horas] nunca llegó",
                "[el menú automático me hacía dar vueltas sin parar"
                "|el contestador automático me colgó dos veces"
                "|el menú de opciones es un laberinto]",
                "{wait} [con la musiquita de espera|escuchando la misma canción"
                "|al teléfono][ para nada| para una pregunta de dos minutos|]",
            ),
            "pos": (
                "[me atendieron|me contestaron|me pasaron con alguien] [al momento"
                "|en menos de un minuto|enseguida|casi sin esperar]",
                "[casi no hubo|no hubo nada de] espera [por teléfono|en el chat"
                "|para hablar con alguien]",
                "[me devolvieron la llamada|{agent} me llamó] [justo cuando dijeron"
                "|en menos de una hora|el mismo día]",
                "mi [correo|mensaje] tuvo respuesta [en unas horas|el mismo día"
                "|en menos de un día]",
                "el chat me [conectó|pasó] con un agente [en segundos|al instante|enseguida]",
                "[poca espera|espera cortísima] y [lo resolvieron en una sola llamada"
                "|solución rápida]",
            ),
            "neu": (
                "¿cuál es el horario [de atención telefónica|de atención al cliente|del chat]?",
                "¿[me pueden|podrían] llamar [el {weekday}|por la tarde|por la mañana]?",
                "¿hay un teléfono directo para [devoluciones|facturación|la tienda de {city}]?",
                "¿[hay|tienen] [chat en directo|WhatsApp|un correo] para [consultas|reclamaciones"
                "|devoluciones]?",
                "¿a qué hora [es mejor llamar|hay menos espera] "
                "[al teléfono de atención al cliente|para hablar con alguien]?",
            ),
        },
        "billing_error": {
            "neg": (
                "me [cobraron|han cobrado] dos veces [el pedido {order}|el mismo pedido"
                "|la misma compra]",
                "[en mi extracto aparece|en el banco me aparece"
                "|tengo] un cargo de {amount} [que no reconozco|que nunca autoricé"
                "|de un pedido que cancelé]",
                "me cobraron [de más|{amount} más de lo que ponía"
                "|el precio completo en vez del de oferta]",
                "[la factura|el ticket|el recibo] [está mal|tiene un importe equivocado"
                "|incluye cosas que no compré]",
                "[la suscripción de envíos|la suscripción prémium] se renovó [sin avisarme"
                "|aunque la había cancelado|después de cancelarla]",
                "cancelé [el pedido|la compra] y aun así me cobraron {amount}",
                "el cargo duplicado [sigue ahí|no me lo han devuelto"
                "|todavía no está corregido] [después de {days} días|después de {weeks} semanas]",
            ),
            "pos": (
                "el error en [la factura|el cobro] lo [arreglaron|corrigieron"
                "|solucionaron] [en minutos|enseguida|en la primera llamada]",
                "[se dieron cuenta|{agent} se dio cuenta] del cobro duplicado y "
                "[me lo devolvieron al momento|lo anularon enseguida]",
                "[las facturas siempre son claras|los tickets siempre están claros"
                "|el desglose de la factura es muy claro]",
                "el cargo [coincidía|cuadraba] [exactamente|perfectamente] con el precio "
                "[que ponía|anunciado]",
                "en [la app|mi cuenta] [se ven|aparecen] todos los cobros [muy claros"
                "|bien detallados]",
            ),
            "neu": (
                "¿me pueden explicar un cargo de {amount} en mi [cuenta|extracto]?",
                "necesito [una factura|la factura con IVA|una copia del ticket] del pedido {order}",
                "¿cómo cambio [la dirección de facturación|la tarjeta asociada a mi cuenta]?",
            ),
        },
        "loyalty_points": {
            "neg": (
                "[los puntos|mis puntos de Larkfield Club] [del pedido {order}"
                "|de la última compra] [nunca aparecieron|no se sumaron|desaparecieron]",
                "perdí [{points} puntos|todos mis puntos] [porque caducaron|sin ningún aviso"
                "|de un día para otro]",
                "[el programa de puntos|Larkfield Club|la tarjeta de socio] [ya no vale la pena"
                "|no sirve para nada|ha empeorado muchísimo]",
                "[los vales|mis cupones de puntos] no se [pueden|podían] usar [online|en caja"
                "|en productos rebajados]",
                "la tarjeta [de socio|del club] no [pasaba|se leía|funcionaba] en caja",
                "[hace falta|necesitas] [una eternidad|años|un millón de puntos] para "
                "[conseguir algo|tener un vale que valga la pena]",
                "el nuevo sistema de puntos es [peor|un timo|mucho peor que el anterior]",
            ),
            "pos": (
                "me encanta [el programa de puntos|Larkfield Club|la app del club]",
                "[los puntos|mis puntos] [se acumulan rápido|me pagaron {product}"
                "|se convirtieron en un vale de {amount}]",
                "[los descuentos|las ofertas] para socios [están genial|valen mucho la pena"
                "|merecen la pena]",
                "[el vale de cumpleaños|el fin de semana de puntos dobles"
                "|el regalo de bienvenida del club] [fue una sorpresa muy bonita|me alegró el día"
                "|estuvo genial]",
                "[es muy fácil|resulta facilísimo] [consultar|usar] los puntos [en la app|en caja]",
            ),
            "neu": (
                "¿cómo [consulto|paso|junto] mis puntos [de Larkfield Club|del club]?",
                "los puntos del pedido {order} todavía no aparecen, ¿[pueden revisarlo"
                "|me lo pueden mirar]?",
                "¿cuándo caducan mis puntos?",
                "¿puedo usar los puntos [online|en productos rebajados|para el envío]?",
            ),
        },
        "click_collect": {
            "neg": (
                "[mi pedido de recogida en tienda|el pedido para recoger] [no estaba listo"
                "|no lo encontraban|no estaba] [cuando llegué|en la tienda de {city}"
                "|aunque me llegó el aviso]",
                "me llegó el [aviso|correo|SMS] de que [estaba listo"
                "|podía recogerlo] pero [nadie encontraba el paquete|no sabían dónde estaba]",
                "[el mostrador de recogida|el punto de recogida] [estaba vacío|no tenía a nadie"
                "|tenía una cola de {wait}]",
                "estuve {wait} esperando [en el mostrador de recogida|a que encontraran mi pedido]",
                "[la taquilla|el locker] no [se abría|aceptaba mi código|funcionaba]",
                "devolvieron mi pedido [antes de que pudiera recogerlo|a los {days} días"
                "|sin avisarme]",
            ),
            "pos": (
                "la recogida en tienda fue [rapidísima|muy cómoda|facilísima|perfecta]",
                "el pedido estaba listo [en la tienda de {city}|para recoger] [en unas horas"
                "|el mismo día|antes de que llegara el aviso]",
                "[la taquilla|el mostrador de recogida] [funcionó a la primera|estaba muy a mano"
                "|me despachó en dos minutos]",
                "recoger [el pedido|{product}] en la tienda de {city} fue [comodísimo"
                "|cuestión de segundos|muy práctico]",
            ),
            "neu": (
                "¿cuánto tiempo guardan un pedido de recogida en tienda?",
                "¿puede recoger [mi pareja|otra persona|un familiar] el pedido {order}?",
                "¿ya llegó el pedido {order} a la tienda de {city}?",
            ),
        },
        "self_checkout_errors": {
            "neg": (
                "[la caja de autocobro|la caja de autopago|la caja de autoservicio] "
                "[no paraba de decir|decía todo el rato] «[artículo inesperado en la zona de"
                " embolsado|espere asistencia|artículo no reconocido]»",
                "en la caja de autocobro [cada artículo necesitaba"
                "|cada producto requería] la validación de un empleado",
                "la caja de autopago me cobró dos veces {small_item}",
                "la caja de autocobro no aplicó [la oferta|el descuento|el 3x2]",
                "[las cajas de autoservicio|las de autopago] se [colgaron|quedaron bloqueadas"
                "|bloquearon] [a mitad de la compra|al ir a pagar|{times}]",
                "el escáner de la caja de autocobro no [leía|reconocía] [el código de barras"
                "|{small_item}|nada]",
                "[me pararon en la salida|seguridad me paró] porque la caja de autoservicio no"
                " había registrado {small_item}",
                "[las nuevas cajas de autocobro|las cajas de autopago nuevas] [son un desastre"
                "|son peores que las antiguas|no funcionan nunca]",
                "había [un solo empleado|una sola persona] para [ocho|diez"
                "|todas las] cajas de autocobro",
                "el total de la caja de autopago [estaba mal|no cuadraba con lo que había"
                " escaneado|era {amount} más de la cuenta]",
            ),
            "pos": (
                "las cajas de autocobro [fueron rapidísimas|funcionaron perfecto"
                "|son muy fáciles de usar]",
                "pagar en la caja de autoservicio [fue rapidísimo|me llevó segundos"
                "|fue muy sencillo]",
                "las nuevas cajas de autopago [han mejorado muchísimo|son mucho mejores"
                "|van genial]",
                "[había un empleado|siempre hay alguien] [pendiente de"
                "|junto a] las cajas de autocobro[ por si hace falta| para ayudar|]",
                "ni un solo error en la caja de autocobro[, todo a la primera|]",
                "[escanear|pagar] en las cajas de autoservicio [fue muy cómodo"
                "|no dio ningún problema|funcionó a la primera]",
                "[la caja de autocobro|la caja de autopago] [reconoció todo a la primera"
                "|no pidió ayuda ni una vez|aplicó la oferta sin problemas]",
                "[por fin|qué bien que] [han arreglado|funcionan] las cajas de autoservicio"
                "[ de la tienda de {city}|]",
                "con las cajas de autopago [entré y salí en cinco minutos|me ahorré la cola"
                "|hice la compra en un momento]",
            ),
            "neu": (
                "¿pueden revisar una compra en la caja de autocobro de la tienda de {city} del"
                " {weekday}?",
                "¿cómo pido un reembolso por un error de la caja de autopago?",
                "¿hay límite de artículos en las cajas de autoservicio?",
            ),
        },
    },
}  # fmt: skip

# ---------------------------------------------------------------------------------------------
# Emotional needs: language -> need -> polarity. The rendered phrase is the evidence, so each
# template is the phrase that expresses the need and nothing around it.
# ---------------------------------------------------------------------------------------------

_NEED_PHRASES: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {
    "en": {
        "control": {
            "neg": (
                "[nobody|no one] [tells|told] me what's [happening|going on]",
                "I [just |]want to be able to [track|follow] [my order|my refund"
                "|where my parcel is][ myself| properly| online|]",
                "[I need to|I want to] know [what's going on|when it's coming"
                "|what to expect] so I can plan [my day|around it]",
                "I want to [choose|pick] [my own delivery slot|when it gets delivered"
                "|how I get my refund]",
                "I should be able to decide [when it's delivered|how I'm refunded"
                "|what happens next]",
                "I [feel|felt] [completely |totally |][powerless|in the dark|out of the loop]",
                "[there's|there was] no way [for me |]to [see|check] [what's happening|the status"
                "|where things are][ myself|]",
                "[give me|just give me] [an actual update|a proper timeframe|some way to track it]",
            ),
            "pos": (
                "I [love|like|really like] that I can [track|follow] [everything|my order"
                "|my refund] [myself|step by step|in the app]",
                "being able to [choose|pick] [my own delivery slot|the exact collection time"
                "|when it arrives] [made all the difference|is brilliant|is exactly what I want]",
                "they kept me [informed|updated] at every step",
                "[it's nice|it's great] to [be|feel] in control of [my orders|my deliveries"
                "|my account]",
                "I always knew [what was happening|where my order was|exactly where things stood]",
                "I could [decide|choose] [how to get my refund|when to have it delivered]",
            ),
        },
        "self_expression": {
            "neg": (
                "I [wanted|tried] to [personalise|customise] [the gift|my order"
                "|the engraving] and [there was no option|you can't|the site wouldn't let me]",
                "[there's|there is] [nothing|no choice] that [fits|suits|reflects] my [style"
                "|taste|personality]",
                "[I like|I want] to [express myself|show my own style] but "
                "[everything is so samey|the range is so bland|it's all the same]",
                "[I wish I could|I'd love to be able to] [choose|pick] [my own colour"
                "|the engraving|the design]",
                "[the range|everything] looks the same[, nothing feels like me"
                "| and nothing feels like me]",
            ),
            "pos": (
                "[I love|love] that I can [personalise|customise|engrave] [it|my order|the gift]",
                "[finally |][found|I found] [something that really suits|pieces that really suit"
                "|clothes that reflect] my [style|personality|taste]",
                "[it's|it is] [nice|great|lovely] to be able to [express myself|show my own style"
                "|make it my own]",
                "the [custom|personalisation] options [let me|meant I could] [make it my own"
                "|show my personality|get exactly my style]",
                "it [really |]feels [like me|like my own|like it was made for me]",
            ),
        },
        "growth": {
            "neg": (
                "I [wanted|was hoping for|expected] [some|proper"
                "|expert] advice [on which one to buy|to help me choose"
                "|on how to use it] and [got none|nobody could help|got nothing]",
                "I [want|wanted] to [learn|understand] how to [use it properly"
                "|get the most out of it|set it up myself]",
                "[there are|there were] no [tutorials|guides|how-to videos] to help me "
                "[get better|learn|improve]",
                "I [came in|came] [hoping|wanting] to [learn something|get better advice"
                "|improve my setup]",
            ),
            "pos": (
                "I [learned|learnt] [so much|a lot|loads] [from {agent}|from the staff"
                "|from the workshop|from the guides]",
                "[the advice|the tips|{agent}'s advice] [really |]helped me [get better at it"
                "|improve|understand what I need]",
                "[the workshop|the how-to video|the guide on the website] was [brilliant|great"
                "|really useful] for [learning|improving|picking up new skills]",
                "[I got|got] [really good|expert|genuinely useful] advice [on which one to choose"
                "|that helped me choose|for my project]",
            ),
        },
        "recognition": {
            "neg": (
                "after {years} years [as a loyal customer|of shopping here"
                "|with you] I expected [better|more|a bit of respect|to be treated better]",
                "[loyal customers|long-standing customers|people like me who've been with you for"
                " years] [get nothing|are just ignored|count for nothing|aren't valued at all]",
                "[not even|I didn't even get] a [thank you|simple thank you"
                "|word of thanks][ for my patience| for sticking with you|]",
                "[I feel like|it feels like I'm] [just a number|completely unappreciated"
                "|taken for granted]",
                "[new customers|first-time buyers] get [all the deals"
                "|the best offers] while [loyal ones|regulars|existing customers] get nothing",
            ),
            "pos": (
                "[it's|it was] [nice|lovely|great] to [feel valued|be recognised"
                "|be appreciated] [as a long-time customer|as a regular|after all these years]",
                "[they|{agent}] [thanked me|made a point of thanking me] for "
                "[being a loyal customer|my {years} years with them|my patience]",
                "[I felt|I was made to feel] [really |genuinely |][valued|appreciated|special]",
                "[they remembered|the staff remember|{agent} remembered] [my name|me"
                "|what I bought last time]",
                "[it's nice|it's lovely] to be rewarded for [my loyalty|sticking with them"
                "|{years} years of shopping]",
            ),
        },
        "belonging": {
            "neg": (
                "I [don't|never] feel [welcome|like I belong][ in the {city} store| there"
                "| anymore|]",
                "[it|the store] [used to feel|felt] like [a community|my local"
                "|part of the neighbourhood] but [not anymore|that's gone]",
                "[it feels like|I feel like] [an outsider|a stranger|I'm intruding] [when I go in"
                "|every time I shop there]",
                "[there's|there is] no [sense of community|community feel"
                "|friendly local feel][ anymore| at all]",
            ),
            "pos": (
                "I [always |]feel [so |really |]welcome[ in the {city} store| when I go in| there"
                "|]",
                "[it feels like|it's like] being part of a [community|family|little community]",
                "[they know|the staff know] [all the regulars|everyone"
                "|us] by name[, it feels like home|, it's like a little community|]",
                "[the community events|the local events|the craft evenings] make me feel "
                "[part of something|like I belong|at home]",
                "[it's|it is] [my|our] local and [I love it|we feel at home there]",
            ),
        },
        "care": {
            "neg": (
                "[nobody|no one] [seemed to care|actually cares|cared at all]",
                "I [just |]want[ed|] someone [who actually listens|to listen to me"
                "|who genuinely cares|to take it seriously]",
                "it felt like [talking to a brick wall|I was a nuisance|nobody gave a damn]",
                "[nobody|no one] [asked|even asked] [if I was okay|how I was"
                "|whether I needed help]",
                "[a bit of|some|a little] [empathy|compassion|understanding] would "
                "[have gone a long way|have helped|go a long way]",
            ),
            "pos": (
                "[{agent}|the assistant|the agent] [genuinely|really|truly] [cared|listened to me"
                "|seemed to care]",
                "I [really |]felt [listened to|looked after|cared for]",
                "[they|{agent}] [looked after me|took care of me"
                "|made sure I was okay][ from start to finish| the whole time|]",
                "[it's|it was] [rare|lovely|refreshing] to [deal with"
                "|speak to] someone who [genuinely|actually|really] cares",
                "[{agent}|the team] [checked in|called back] to [make sure I was okay"
                "|see how I was getting on]",
            ),
        },
    },
    "es": {
        "control": {
            "neg": (
                "nadie me [dice|explica|cuenta] qué está pasando",
                "solo quiero poder [seguir|rastrear] [mi pedido|mi reembolso"
                "|mi paquete][ por mi cuenta| en la web|]",
                "necesito saber [qué está pasando|cuándo llega|qué esperar] para poder organizarme",
                "quiero poder elegir [mi franja de entrega|cuándo me lo entregan"
                "|cómo me devuelven el dinero]",
                "debería poder decidir yo [cuándo me lo entregan|cómo me reembolsan"
                "|qué pasa después]",
                "me [siento|sentí] [totalmente |completamente |][perdida|perdido|a ciegas"
                "|sin ningún control]",
                "no hay forma de [ver|consultar] [qué está pasando|el estado"
                "|en qué punto está todo][ por mi cuenta|]",
                "[denme|que me den] [una fecha concreta|información real|alguna forma de seguirlo]",
            ),
            "pos": (
                "me encanta poder [seguir|consultar] [todo|mi pedido|el reembolso] [paso a paso"
                "|en la app|yo misma|yo mismo]",
                "poder elegir [mi propia franja|la hora exacta de recogida"
                "|cuándo llega] [marcó la diferencia|es genial|es justo lo que quiero]",
                "me [mantuvieron|tuvieron] [informada|informado] en todo momento",
                "[da tranquilidad|es un gusto] [tener el control de|poder controlar] [mis pedidos"
                "|mis entregas|mi cuenta]",
                "siempre sabía [qué estaba pasando|dónde estaba mi pedido|en qué punto iba todo]",
                "[me gusta|me encanta|valoro mucho] [saber en todo momento"
                "|poder ver] [dónde está mi pedido|qué pasa con mi devolución"
                "|cuándo llega el paquete]",
                "[poder cambiar|poder reprogramar] la entrega [yo misma|yo mismo"
                "|desde la app] me da [tranquilidad|mucha libertad]",
            ),
        },
        "self_expression": {
            "neg": (
                "[quería|quise] personalizar [el regalo|mi pedido|el grabado] y [no había opción"
                "|la web no me dejaba|no se podía]",
                "no hay nada que [vaya con|refleje|encaje con] mi [estilo|personalidad"
                "|forma de ser]",
                "me gusta [expresarme|tener mi propio estilo] pero [todo es igual"
                "|todo es muy soso|no hay variedad]",
                "ojalá pudiera elegir [mi propio color|el diseño|el grabado]",
                "todo parece igual, nada [va conmigo|me representa]",
                "[no me dejan|no puedo] [elegir|cambiar] [el color|el diseño"
                "|los detalles] y [todo acaba pareciendo igual|no hay nada personal"
                "|pierde la gracia]",
                "[echo de menos|me falta] [algo con personalidad|poder darle mi toque"
                "|opciones para personalizar]",
            ),
            "pos": (
                "me encanta poder personalizar [el regalo|mi pedido|el grabado]",
                "[por fin |]encontré [algo que va|ropa que va|cosas que van] con mi [estilo"
                "|personalidad]",
                "es [genial|un gusto] poder [expresarme|mostrar mi estilo|hacerlo a mi manera]",
                "las opciones de personalización me [dejaron|permitieron] [hacerlo a mi gusto"
                "|darle mi toque|reflejar mi estilo]",
                "siento que [es muy mío|va conmigo|refleja quién soy]",
                "[pude|por fin pude] [elegir|combinar] [los colores|el diseño"
                "|cada detalle] [a mi gusto|como yo quería]",
                "me encanta que [cada uno pueda|pueda] [darle su toque|expresar su estilo"
                "|hacerlo a su manera]",
            ),
        },
        "growth": {
            "neg": (
                "[quería|esperaba] que me [asesoraran|aconsejaran] [para elegir"
                "|sobre cuál comprar|sobre cómo usarlo] y [nadie supo ayudarme|no hubo manera"
                "|nada]",
                "quiero aprender a [usarlo bien|sacarle partido|montarlo yo misma"
                "|montarlo yo mismo]",
                "no hay [tutoriales|guías|vídeos explicativos] para [aprender|mejorar"
                "|sacarle partido]",
                "[vine|fui] con ganas de [aprender algo|recibir buenos consejos"
                "|mejorar mi proyecto]",
                "[me habría gustado|esperaba] [aprender|entender] [cómo sacarle partido"
                "|cómo funciona|qué me convenía más] [pero nadie me lo explicó|pero no hubo forma]",
            ),
            "pos": (
                "aprendí [muchísimo|un montón|mucho] [con {agent}|con el personal|en el taller"
                "|con las guías]",
                "[los consejos|las recomendaciones] de {agent} me [ayudaron|sirvieron] [a mejorar"
                "|a entender lo que necesitaba|a elegir mejor]",
                "[el taller|el curso|el tutorial de la web] me [ayudó"
                "|sirvió] muchísimo para [aprender|mejorar|aprender cosas nuevas]",
                "me dieron [muy buenos consejos|un asesoramiento de diez] para [elegir"
                "|mi proyecto|sacarle partido]",
            ),
        },
        "recognition": {
            "neg": (
                "después de {years} años [como clienta|como cliente|comprando aquí] [esperaba"
                "|merecía] [otro trato|algo más de respeto|un poco más]",
                "a [los clientes fieles|los de siempre|quienes llevamos años con ustedes] "
                "[no nos hacen ni caso|nos ignoran|no nos valoran nada]",
                "ni un simple gracias[ por la paciencia| por tantos años|]",
                "[me siento un número más|no me siento nada valorada|no me siento nada valorado"
                "|siento que no me valoran]",
                "[los clientes nuevos|los que compran por primera vez] se llevan "
                "[todas las ofertas|los mejores descuentos] y [los fieles|los de siempre] nada",
            ),
            "pos": (
                "da gusto sentirse [valorada|valorado|reconocida"
                "|reconocido] [como clienta de toda la vida|después de tantos años"
                "|como cliente habitual]",
                "[me dieron las gracias|{agent} me dio las gracias] [por ser cliente fiel"
                "|por mis {years} años con ustedes|por la paciencia]",
                "me [sentí|hicieron sentir] [muy |realmente |][valorada|valorado|especial"
                "|apreciada|apreciado]",
                "[se acordaban|el personal se acuerda|{agent} se acordó] de [mi nombre|mí"
                "|lo que compré la última vez]",
                "da gusto que [premien|recompensen] [la fidelidad|a los clientes de siempre"
                "|tantos años de compras]",
            ),
        },
        "belonging": {
            "neg": (
                "[ya no me siento|nunca me siento|no me siento] [bienvenida|bienvenido|a gusto"
                "|parte de nada] en [la tienda de {city}|esa tienda|ese sitio]",
                "[antes|la tienda antes] [era como|se sentía como] [una comunidad"
                "|mi tienda de barrio|parte del barrio] pero [ya no|eso se perdió]",
                "me siento [una extraña|un extraño|fuera de lugar] [cada vez que entro"
                "|en esa tienda]",
                "ya no hay [ambiente de barrio|sensación de comunidad|ese trato cercano]",
            ),
            "pos": (
                "[siempre |][me siento|me hacen sentir] [muy |][bienvenida|bienvenido"
                "|como en casa] [en la tienda de {city}|cuando entro|ahí]",
                "es como [formar parte de|ser parte de] una [comunidad|familia|pequeña comunidad]",
                "[conocen|el personal conoce] a [todos los clientes habituales|todo el mundo"
                "|los de siempre] por su nombre[, es como estar en casa|]",
                "[las actividades|los talleres|los eventos del barrio] [me hacen sentir"
                "|hacen que me sienta] [parte de algo|como en casa|parte del barrio]",
                "es [mi|nuestra] tienda de [siempre|barrio] y [nos sentimos como en casa"
                "|me encanta]",
            ),
        },
        "care": {
            "neg": (
                "a nadie [le importó|le importa|pareció importarle][ nada| lo más mínimo|]",
                "solo quería que alguien [me escuchara|se preocupara de verdad"
                "|se lo tomara en serio]",
                "solo quiero que alguien [me escuche|se preocupe de verdad|se lo tome en serio]",
                "[sentí que|parecía que] [hablaba con una pared|era una molestia|les daba igual]",
                "nadie [me preguntó|preguntó siquiera] si estaba bien",
                "[un poco de|algo de] [empatía|comprensión|humanidad] [habría ayudado mucho"
                "|no habría estado de más]",
                "[me sentí|me trataron como] [un número|una molestia|un expediente más]",
                "[nadie mostró|no vi] [ni un poco de|ninguna] [empatía|preocupación"
                "|comprensión][ por mi situación| en todo el proceso|]",
            ),
            "pos": (
                "[{agent}|la dependienta|la agente] [se preocupó de verdad|me escuchó de verdad"
                "|se preocupó muchísimo]",
                "me sentí [escuchada|escuchado|cuidada|cuidado|muy bien atendida"
                "|muy bien atendido]",
                "[me cuidaron|se ocuparon de mí|se aseguraron de que estuviera bien]"
                "[ de principio a fin| en todo momento|]",
                "es [raro|un gusto|reconfortante] [tratar|hablar] con alguien a quien de verdad"
                " le importa",
                "[{agent}|el equipo] me llamó para [ver cómo estaba"
                "|asegurarse de que todo iba bien]",
            ),
        },
    },
}  # fmt: skip

# ---------------------------------------------------------------------------------------------
# Warning signals: language -> warning -> templates; as with needs, the phrase is the evidence.
# ---------------------------------------------------------------------------------------------

_WARNING_PHRASES: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "safety": (
            "the [heater|electric heater|fan heater] [started smoking|began smoking"
            "|was smoking][ after ten minutes| the first time I used it|]",
            "[the charger|the phone charger|the power bank] [got so hot it melted"
            "|overheated and melted|caught fire]",
            "[my daughter|my little girl] cut her [hand|finger] on the packaging",
            "[my son|my little boy] cut his [hand|finger] on the packaging",
            "[the kettle|the toaster|the plug] [sparked|gave off sparks"
            "|gave me an electric shock] when I [plugged it in|switched it on]",
            "the [shelf|shelving unit|display] [collapsed|came down] and [nearly hit"
            "|almost landed on] [my son|my daughter|me|another customer]",
            "I slipped on [a wet floor|a spillage|spilled water] [with no warning sign"
            "|that nobody had cleaned up]",
            "[the toy|the baby rattle|the teether] [has|had] [small parts that came loose"
            "|a piece that snapped off] [and is a choking hazard"
            "|and my toddler nearly swallowed it]",
            "[there's|there was] a [burning smell|strong smell of burning] [coming from"
            "|from] [the microwave|the hairdryer|the fan]",
            "the [glass door|glass shelf|glass lid] [shattered|exploded] [without warning"
            "|when I opened it|in my hand]",
        ),
        "legal_threat": (
            "[I will|I'll|I am going to] [contact|speak to|be contacting] my [lawyer|solicitor]",
            "[I'm reporting this|I will report you|I'm going] to trading standards",
            "[I'll|I will] [take you to the|see you in the|be going to the] small claims court",
            "[this is|you are] [in breach of|breaking] [the Consumer Rights Act|consumer law]",
            "[I'm|I am] [considering|starting|taking] legal action",
            "my [solicitor|lawyer] will be in touch",
            "[I've|I have] [contacted|reported this to] the ombudsman",
            "[consider this|this is] a [formal complaint|letter before action]",
            "[I'm|I am] [taking this to|filing a claim with] [the small claims court"
            "|the ombudsman|my solicitor]",
            "[expect to hear from|you will be hearing from] my [lawyer|solicitor]",
        ),
        "vulnerable_customer": (
            "[I lost my husband|my wife passed away|my mum died|I lost my partner] [recently"
            "|last month|a few weeks ago]",
            "[I'm|I am] [registered disabled|disabled|a wheelchair user|partially sighted]",
            "[I'm|I am] [{age}|in my eighties|over 80] and [live on my own|live alone]",
            "[I'm|I am] [going through chemotherapy|recovering from surgery|seriously ill"
            "|in and out of hospital]",
            "[I'm|I am] on [universal credit|benefits|a very tight budget] and [can't afford"
            "|really can't afford] to [lose {amount}|be out of pocket|wait for this refund]",
            "[I've just lost my job|I'm between jobs] and [every penny counts"
            "|money is really tight]",
            "[I care for|I'm the carer for] my [disabled son|mum who has dementia"
            "|husband who has dementia]",
            "[I'm|I am] [deaf|hard of hearing] and [can't use the phone"
            "|couldn't use the phone line]",
            "I [suffer from|have] [severe anxiety|a heart condition] and "
            "[this has really affected me|the stress is making it worse]",
        ),
        "churn_intent": (
            "[I'm|I am] closing my account",
            "[I'm|I'll be] switching to [a competitor|another retailer|a different shop"
            "|your competitors]",
            "[I'll never|I will never] [shop here|order from you|set foot in your stores] again",
            "never shopping [here|with you|at Larkfield] again",
            "[I'm|I am] [cancelling|going to cancel] my [Larkfield Club membership|delivery pass"
            "|account]",
            "[that's it, |]I'm [done with|finished with] [Larkfield|you|this shop]",
            "[I'll be|I'm] taking my business elsewhere",
            "[this was|that was] my last order[ with you| from Larkfield|]",
            "[you've|you have] lost a customer[ for good| for life|]",
            "[I'm|I am] [cancelling|closing] [everything|my account and my card] and "
            "[going elsewhere|moving to a competitor]",
            "[I won't be|I'm not] [ordering|shopping] [from you|here|at Larkfield] ever again",
        ),
        "discrimination": (
            "the [security guard|guard|staff member] followed me around the store because of "
            "[my skin colour|the colour of my skin|my race]",
            "[I was|I felt] treated differently because of my [accent|race|religion|age"
            "|skin colour]",
            "[they|the staff] [ignored|refused to serve] me because I [use a wheelchair"
            "|am in a wheelchair]",
            "[the assistant|the manager] [mocked|made fun of|made comments about] my [accent"
            "|headscarf|hijab|turban]",
            "[they|the staff] [spoke to me|talked down to me] like [a child"
            "|I was stupid] because of my age",
            "[I was|I got] [asked to leave|refused entry] [because of|for wearing] my [hijab"
            "|turban|kippah]",
            "[everyone else got served|the customers behind me were served] first while I was "
            "[ignored|left waiting], [and it was obviously because of my race"
            "|clearly because of my skin colour]",
            "[it was|it felt like] [racial profiling|discrimination|pure racism]",
        ),
        "public_escalation": (
            "[I'm|I am] [posting|putting] this on [Twitter|TikTok|Facebook|Instagram]",
            "[I'm|I'll be] [contacting|going to] [the newspaper|the local paper|the press|the BBC]",
            "[I'm|I'll be] leaving a review [everywhere|on every site I can find"
            "|on Trustpilot and Google]",
            "[I'll|I will] [make sure everyone knows|tell everyone] [about this"
            "|how I was treated] [online|on social media]",
            "[I've|I have] already [posted|shared] [this|a video of this|photos] on [TikTok"
            "|Facebook|Twitter]",
            "[the local news|consumer programmes|the papers] will [hear about this"
            "|be hearing from me]",
            "[I'm|I am] making a TikTok about this",
            "[expect|you can expect] a [one-star|1 star] review [on Google|on Trustpilot"
            "|everywhere]",
        ),
    },
    "es": {
        "safety": (
            "el [calefactor|radiador eléctrico|calentador] empezó a echar humo"
            "[ a los diez minutos| la primera vez que lo encendí|]",
            "[el cargador se calentó tanto que se derritió|la batería externa se sobrecalentó"
            "|el cargador se incendió|la batería externa se incendió]",
            "mi [hija|niña] se cortó [la mano|el dedo] con el embalaje",
            "mi [hijo|niño] se cortó [la mano|el dedo] con el embalaje",
            "[el hervidor|el enchufe|el secador] [echó chispas|me dio calambre] al [enchufarlo"
            "|encenderlo]",
            "[la estantería|el expositor] se [cayó|vino abajo] y [casi le da a mi hijo"
            "|por poco me golpea|casi golpea a otra clienta]",
            "me resbalé con [el suelo mojado|un charco] [y no había ningún cartel"
            "|que nadie había limpiado]",
            "[el juguete|el sonajero|el mordedor] [tiene piezas pequeñas que se sueltan"
            "|perdió una pieza] y [mi bebé casi se atraganta|hay riesgo de asfixia]",
            "[salía un olor a quemado|salía humo] [del microondas|del secador|del ventilador]",
            "el cristal [de la puerta|de la balda|de la tapa] [estalló"
            "|se hizo añicos] [sin previo aviso|en mi mano|al tocarlo]",
        ),
        "legal_threat": (
            "[voy a hablar con|voy a contactar con|ya he hablado con] mi [abogado|abogada]",
            "[voy a poner|pondré] una [reclamación|denuncia] en [consumo|la oficina de consumo"
            "|la asociación de consumidores]",
            "[lo llevaré|voy a llevar esto] [a los tribunales|al juzgado|a juicio]",
            "[esto|lo que han hecho] [incumple|va contra] la [ley de consumidores"
            "|normativa de consumo|ley de garantías]",
            "[estoy valorando|voy a emprender|voy a iniciar] acciones legales",
            "mi [abogado|abogada] se pondrá en contacto con ustedes",
            "[consideren esto|esto es] una reclamación formal[ por escrito|]",
            "[voy a pedir|pediré] la hoja de reclamaciones",
            "[he pedido|voy a pedir] asesoramiento [a un abogado|a una abogada"
            "|legal] [para denunciarles|para reclamar]",
            "[ya he presentado|voy a presentar] una [reclamación|denuncia] [formal|ante consumo]",
        ),
        "vulnerable_customer": (
            "[perdí a mi marido|falleció mi mujer|murió mi madre|perdí a mi esposo] [hace poco"
            "|el mes pasado|hace unas semanas]",
            "tengo [una discapacidad|movilidad reducida|una discapacidad visual"
            "|que usar silla de ruedas]",
            "tengo {age} años y vivo [sola|solo]",
            "[estoy en tratamiento de quimioterapia|me estoy recuperando de una operación"
            "|estoy muy enferma|estoy muy enfermo|entro y salgo del hospital]",
            "[vivo de una pensión mínima|cobro una ayuda social|voy muy justa de dinero"
            "|voy muy justo de dinero] y no puedo [permitirme perder {amount}"
            "|esperar a este reembolso|quedarme sin ese dinero]",
            "[me acabo de quedar sin trabajo|estoy desempleada"
            "|estoy desempleado] y [cada euro cuenta|voy muy justa|voy muy justo]",
            "[cuido de|soy la cuidadora de|soy el cuidador de] [mi hijo con discapacidad"
            "|mi madre, que tiene demencia]",
            "soy [sorda|sordo] y no puedo [usar el teléfono|llamar por teléfono]",
            "[tengo|sufro] [ansiedad severa|una enfermedad del corazón] y "
            "[todo esto me está afectando mucho|el estrés me está pasando factura]",
        ),
        "churn_intent": (
            "voy a [cerrar|dar de baja] mi cuenta",
            "me [voy a cambiar|cambio] a [la competencia|otra tienda|otra cadena]",
            "[no vuelvo a comprar aquí|no pienso volver a comprar aquí"
            "|no vuelvo a pedir nada][ nunca más| jamás|]",
            "[voy a cancelar|cancelo] mi [suscripción|tarjeta de socio"
            "|membresía de Larkfield Club]",
            "hasta aquí he llegado con [Larkfield|ustedes|esta tienda]",
            "[este ha sido|ha sido] mi último pedido[ con ustedes| en Larkfield|]",
            "han perdido a [una clienta|un cliente][ para siempre| de muchos años|]",
            "a partir de ahora compraré en [otro sitio|la competencia]",
            "[me doy de baja|me borro] [del club|de la web|de todo] y [me voy a otra tienda"
            "|compro en la competencia]",
            "[no pienso|no voy a] volver a [pisar|comprar en] [sus tiendas|esta tienda|Larkfield]",
        ),
        "discrimination": (
            "el [guardia de seguridad|vigilante|empleado] me siguió por toda la tienda por "
            "[mi color de piel|el color de mi piel|ser negra|ser negro|mi origen]",
            "me trataron [diferente|de otra manera|peor] por [mi acento|mi origen|mi religión"
            "|mi edad|mi color de piel]",
            "[me ignoraron|se negaron a atenderme] porque [voy en silla de ruedas"
            "|uso silla de ruedas]",
            "[la dependienta|el encargado] se burló de [mi acento|mi velo|mi hiyab|mi turbante]",
            "me hablaron como a [una niña|un niño|una tonta|un tonto] por [mi edad|ser mayor]",
            "[me pidieron que saliera|no me dejaron entrar] por llevar [velo|hiyab|turbante]",
            "[a los demás clientes|a los que venían detrás] los atendieron primero y a mí me"
            " ignoraron, [claramente por mi color de piel|está claro que por mi origen]",
            "[fue|me pareció] [racismo puro y duro|un caso claro de discriminación|puro racismo]",
        ),
        "public_escalation": (
            "[voy a publicar|pienso publicar|voy a subir] esto en [Twitter|TikTok|Facebook"
            "|Instagram]",
            "[voy a contactar con|pienso llamar a] [la prensa|la televisión local|un periódico]",
            "voy a dejar [reseñas|una reseña] [en todas partes|en todas las webs que encuentre"
            "|en Google y en Trustpilot]",
            "[me voy a encargar de que|haré que] todo el mundo se entere [de esto"
            "|de cómo me trataron][ en redes| en las redes sociales|]",
            "ya [he publicado|subí] [esto|un vídeo|fotos] en [TikTok|Facebook|Twitter]",
            "[esto va a salir en|pienso llevar esto a] [las noticias|la tele|los medios]",
            "voy a hacer un TikTok contando esto",
            "[prepárense para|les espera] una reseña de una estrella[ en Google| en todas partes|]",
        ),
    },
}  # fmt: skip

# ---------------------------------------------------------------------------------------------
# Employee-engagement clauses: language -> employee theme -> polarity.
# ---------------------------------------------------------------------------------------------

_EMPLOYEE_CLAUSES: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {
    "en": {
        "workload": {
            "neg": (
                "[we are|we're] [constantly|always|permanently] [understaffed|short-staffed"
                "|running on a skeleton crew]",
                "[the workload|my workload] [is|has become] [unmanageable|too much|crazy"
                "|unsustainable][ since the restructure| lately| this year|]",
                "[I'm|we're] [doing the work of|covering for] [two people|three people"
                "|people who left and weren't replaced]",
                "[there's|there is] [no time|never enough time] to [take a proper break"
                "|do the job properly|finish anything]",
                "[I regularly work|we often work|I keep working] [unpaid overtime"
                "|through my breaks|late] just to [keep up|get everything done]",
                "[targets|the targets] [keep going up|are unrealistic] [while"
                "|but] [staff numbers keep going down|the team keeps shrinking]",
            ),
            "pos": (
                "[the workload|my workload] is [manageable|reasonable"
                "|well balanced][ most of the time| these days|]",
                "[we have|there are] [enough people|enough staff] on [most shifts|the rota][ now"
                "| since the new hires|]",
                "[when it gets busy|at peak times] [everyone pitches in"
                "|the managers jump in to help|extra staff are brought in]",
                "I [can|can usually] [take my breaks|finish on time] [without feeling guilty"
                "|and still get everything done]",
                "[staffing|cover] [has got|is] [much better|a lot better"
                "|more sensible][ this year| since the new manager| lately|]",
            ),
        },
        "management_support": {
            "neg": (
                "[my manager|my line manager|{agent}] [is never around|never has time for us"
                "|doesn't listen|only cares about targets]",
                "[management|head office|the managers] [don't support us"
                "|never back us up][ when customers are abusive| when things go wrong|]",
                "[management|head office] [isn't interested in|ignores] our ideas",
                "I [rarely|never] get [feedback|one-to-ones|any support] from [my manager"
                "|management]",
                "[decisions|changes] are [made|pushed down] [without asking us"
                "|without any explanation|from above with no consultation]",
            ),
            "pos": (
                "[my manager|{agent}|my line manager] [is really supportive|always has my back"
                "|listens to us|is approachable]",
                "[I get|we get] [regular|useful|honest] [one-to-ones|feedback"
                "|check-ins][ from my manager| from {agent}|]",
                "[management|the store manager|the leadership team] explains [decisions"
                "|changes] [clearly|properly|well]",
                "when I [had|was going through] a [difficult time|personal issue], [my manager"
                "|{agent}] was [really understanding|brilliant|flexible]",
            ),
        },
        "recognition": {
            "neg": (
                "[nobody|no one] [ever says thank you|notices the extra effort"
                "|recognises the hard work]",
                "[good work|the hard work|going the extra mile] [goes unnoticed"
                "|is never recognised|is just expected]",
                "only the [mistakes|negatives|complaints] [get mentioned|get noticed]",
                "[I feel|we feel|staff feel] [invisible|unappreciated|undervalued"
                "|taken for granted]",
                "[I've|I have] [never once|not once] been [thanked|praised"
                "|recognised] [by my manager|by head office|in {years} years]",
                "[my manager|{agent}|head office] [only notices|only talks about] [the mistakes"
                "|what went wrong|the targets we miss]",
            ),
            "pos": (
                "[my manager|{agent}|the team leader] [always says thank you"
                "|notices when we go the extra mile|recognises good work]",
                "the [colleague of the month award|shout-out board"
                "|recognition scheme] is [a nice touch|really motivating|genuinely appreciated]",
                "[I feel|I really feel] [valued|appreciated|recognised] [for what I do|here"
                "|by my team]",
                "[customer compliments|thank-you notes from customers] [get"
                "|are] shared with the [whole team|store]",
            ),
        },
        "training_career": {
            "neg": (
                "[there's|there is] [no|little|hardly any] [training|proper training"
                "|career progression]",
                "[I was|I got] thrown in [at the deep end|on the tills"
                "|on the phones] [with no training|after one day|without any induction]",
                "[promotions|opportunities] [always go to|are given to] [the same people"
                "|external hires|favourites]",
                "[I've|I have] [asked about|asked for] [development|training"
                "|a career plan] [several times|{times}] and [nothing happens|heard nothing]",
            ),
            "pos": (
                "[the training|the induction|the e-learning] [was|is] [really good|thorough"
                "|useful|excellent]",
                "[I've been|I was] [given|offered] [chances|opportunities] to [learn new skills"
                "|progress|move into a new role|train as a supervisor]",
                "[my manager|{agent}] [is helping me|helped me] [plan my career"
                "|work towards a promotion|build my skills]",
                "[there are|we have] [lots of|plenty of|good] [courses|development opportunities"
                "|career paths][ available| on offer|]",
            ),
        },
        "tools_systems": {
            "neg": (
                "[the tills|the handheld scanners] [keep crashing|are so slow|are always breaking"
                "|don't work half the time]",
                "[the stock system|the CRM|the new rota app] [keeps crashing|is so slow"
                "|is always breaking|doesn't work half the time]",
                "[we|I] [waste|lose] [hours|so much time] [fighting with"
                "|working around] [the systems|outdated systems|the old computers]",
                "[the new|the latest] [system|software|stock system] was [rolled out"
                "|introduced] [with no training|before it was ready|badly]",
                "[half the|most of the] [scanners|headsets|laptops] [don't work|are broken"
                "|need replacing]",
            ),
            "pos": (
                "the [new|upgraded] [tills|scanners|systems] [are|have been] [a big improvement"
                "|much faster|easy to use|great]",
                "[we have|we've got] the [tools|equipment|kit] [we need|to do the job properly]",
                "[the new CRM|the knowledge base|the stock system] [makes it easy"
                "|helps me] to [help customers|find answers quickly|do my job]",
            ),
        },
        "team_spirit": {
            "neg": (
                "[there's|there is] [a lot of gossip|a real blame culture|a cliquey atmosphere"
                "|a lot of tension] [in the team|on the shop floor|in the office]",
                "[people|colleagues] [don't help each other|only look out for themselves"
                "|stick to their cliques]",
                "[morale|team morale] is [at rock bottom|really low|terrible][ at the moment"
                "| since the changes|]",
                "[new starters|newer colleagues] are [left out|not made to feel welcome"
                "|ignored by the old team]",
                "[the team|our shift|the contact centre] [is split into|has turned into] [cliques"
                "|two camps|us and them]",
            ),
            "pos": (
                "[my team is|my colleagues are|the people here are] [brilliant|amazing"
                "|like a family|so supportive]",
                "[we always|we really|we all] [help each other out|pull together"
                "|have each other's backs]",
                "everyone [helps each other out|pulls together|has each other's backs]",
                "[great|good|lovely] [atmosphere|team spirit|vibe] [in the {city} store"
                "|on our shift|in the contact centre]",
                "[I enjoy|I love] [coming to work|working with my colleagues"
                "|my shifts] because of [the people|my team]",
            ),
        },
        "pay_benefits": {
            "neg": (
                "[the pay|our pay|pay] [hasn't kept up with|is way behind] [inflation"
                "|the cost of living|what competitors pay]",
                "[I can't|we can't] [afford to live|pay the rent|cover the bills] on [this wage"
                "|what we earn|minimum wage]",
                "[the staff discount was|the bonus was|the benefits were] [cut|reduced"
                "|taken away][ without warning| this year|]",
                "[new starters|agency staff] [are paid|earn] [almost the same as"
                "|more than] [people who've been here years|experienced staff]",
            ),
            "pos": (
                "[the pay|the pay rise|the bonus] [is|was] [fair|decent|better than elsewhere"
                "|generous]",
                "[the staff discount is|the benefits are|the pension scheme is] [great"
                "|really good|a real perk]",
                "[I'm|I am] [paid|rewarded] [fairly|well] for [what I do|my role|the work]",
                "[the staff discount|the bonus scheme|the extra pay for {shift} shifts] "
                "[is worth having|makes a real difference|is appreciated]",
            ),
        },
        "scheduling_shifts": {
            "neg": (
                "the rota [comes out too late|is published the day before"
                "|is given to us with no notice]",
                "[I keep getting|we keep getting] [moved|put on {shift} shifts"
                "|changed] [at the last minute|without being asked|every week]",
                "[it's|it is] [impossible|really hard] to [plan childcare|have a life"
                "|plan anything] [with these shifts|around the rota]",
                "[holiday requests|annual leave requests] [are|keep getting] [refused|ignored"
                "|turned down][ at short notice| for no reason|]",
                "[back-to-back|close-then-open] shifts [are exhausting|leave no time to rest]",
            ),
            "pos": (
                "the rota comes out [weeks|well|a month] in advance",
                "[my manager|{agent}] [is flexible with shifts|works around my childcare"
                "|works around my studies]",
                "[swapping shifts|changing shifts|booking holiday] is [easy|simple"
                "|quick][ with the app| now|]",
                "[I get|I have] [a good|a decent] work-life balance[ with my hours| here|]",
            ),
        },
    },
    "es": {
        "workload": {
            "neg": (
                "[estamos|siempre estamos|vamos] [bajo mínimos|cortos de personal|faltos de gente]",
                "la carga de trabajo [es inasumible|se ha vuelto excesiva"
                "|es una locura][ desde la reestructuración| últimamente| este año|]",
                "[hago|hacemos] el trabajo de [dos personas|tres personas"
                "|gente que se fue y no han reemplazado]",
                "no hay tiempo [para hacer una pausa como es debido|para hacer bien el trabajo"
                "|para terminar nada]",
                "[a menudo|muchas veces] [trabajo horas extra sin cobrar|me quedo sin descanso"
                "|me quedo hasta tarde] para [llegar a todo|sacar el trabajo]",
                "los objetivos [no paran de subir|son irreales] mientras "
                "[la plantilla no para de bajar|cada vez somos menos]",
                "[desde|con] [los recortes|la reestructuración"
                "|las bajas sin cubrir] [no damos abasto|vamos siempre con prisas"
                "|no llegamos a todo]",
            ),
            "pos": (
                "la carga de trabajo es [razonable|manejable|equilibrada][ casi siempre"
                "| últimamente|]",
                "hay [suficiente gente|personal suficiente] en [la mayoría de los turnos"
                "|el cuadrante][ desde las nuevas incorporaciones| ahora|]",
                "cuando hay mucho trabajo [todos echamos una mano|los responsables ayudan"
                "|traen refuerzos]",
                "[puedo|normalmente puedo] [hacer mis descansos"
                "|salir a mi hora] [sin sentirme culpable|y llegar a todo]",
                "[este año|últimamente|desde que llegó {agent}] [la carga de trabajo ha mejorado"
                "|se reparte mejor el trabajo|estamos mejor organizados]",
                "[los turnos|los equipos] están [bien cubiertos|bien organizados][ casi siempre|]",
            ),
        },
        "management_support": {
            "neg": (
                "[mi responsable|mi jefa|mi jefe|{agent}] [nunca está"
                "|nunca tiene tiempo para nosotros|no escucha|solo piensa en los objetivos]",
                "[la dirección|la central] [no nos respalda|nunca nos apoya]"
                "[ cuando hay clientes agresivos| cuando algo sale mal|]",
                "a [la dirección|la central] no le interesan nuestras ideas",
                "[casi nunca|nunca] tengo [reuniones individuales|feedback"
                "|apoyo] de mi responsable",
                "las decisiones [se toman|llegan] [sin consultarnos|sin ninguna explicación"
                "|desde arriba sin preguntar]",
            ),
            "pos": (
                "[mi responsable|{agent}|mi jefa|mi jefe] [me apoya muchísimo|siempre me respalda"
                "|nos escucha|es muy accesible]",
                "[tengo reuniones periódicas con mi responsable|recibo feedback útil de {agent}"
                "|{agent} hace seguimiento de cómo estoy]",
                "[la dirección|el gerente de la tienda|el equipo directivo] explica [bien"
                "|claramente] [las decisiones|los cambios]",
                "cuando pasé por [un momento difícil|un problema personal], [mi responsable"
                "|{agent}] fue [flexible|un gran apoyo|de gran ayuda]",
            ),
        },
        "recognition": {
            "neg": (
                "nadie [da nunca las gracias|se fija en el esfuerzo extra"
                "|reconoce el trabajo bien hecho]",
                "[el esfuerzo|el trabajo bien hecho|hacer horas de más] [pasa desapercibido"
                "|nunca se reconoce|se da por hecho]",
                "solo se [fijan en|mencionan] [los errores|las quejas]",
                "[me siento invisible|nos sentimos invisibles|me siento poco valorada"
                "|me siento poco valorado|la plantilla se siente infravalorada]",
                "[en cuanto algo sale mal|si hay un error] [te lo recuerdan durante semanas"
                "|se entera todo el mundo], pero [lo bueno nadie lo ve"
                "|los logros nunca se mencionan]",
                "[en {years} años|en todo este tiempo] [nunca me han dado las gracias"
                "|nadie me ha felicitado|nadie ha reconocido mi trabajo]",
            ),
            "pos": (
                "[mi responsable|{agent}|la jefa de equipo] [siempre da las gracias"
                "|se da cuenta cuando hacemos un esfuerzo extra|reconoce el buen trabajo]",
                "[el empleado del mes|el programa de reconocimiento"
                "|el tablón de felicitaciones] [es un detalle|motiva mucho|se agradece de verdad]",
                "me siento [valorada|valorado|reconocida|reconocido] [por lo que hago|aquí"
                "|por mi equipo]",
                "[las felicitaciones de clientes|los comentarios positivos] se comparten con "
                "[todo el equipo|toda la tienda]",
            ),
        },
        "training_career": {
            "neg": (
                "[no hay|apenas hay|hay muy poca] [formación|formación de verdad"
                "|posibilidad de ascender]",
                "me soltaron [en caja|al teléfono|en el almacén] [sin formación"
                "|después de un solo día|sin ninguna acogida]",
                "[los ascensos|las oportunidades] siempre son para [los mismos|gente de fuera"
                "|los favoritos]",
                "[he pedido|pedí] [formación|un plan de carrera"
                "|oportunidades de desarrollo] [varias veces|{times}] y [no pasa nada"
                "|nadie me contesta|sigo esperando]",
            ),
            "pos": (
                "[la formación es muy buena|la acogida fue muy completa"
                "|los cursos online son muy útiles]",
                "me han dado [oportunidades|la oportunidad] de [aprender cosas nuevas|crecer"
                "|cambiar de puesto|formarme como supervisora|formarme como supervisor]",
                "[mi responsable|{agent}] me está ayudando a [planificar mi carrera"
                "|preparar un ascenso|desarrollar nuevas habilidades]",
                "hay [muchos cursos|muchas oportunidades de desarrollo"
                "|planes de carrera claros] [disponibles|a nuestro alcance]",
            ),
        },
        "tools_systems": {
            "neg": (
                "[las cajas se cuelgan|los escáneres fallan|el sistema de stock se cae"
                "|la app de turnos falla] [constantemente|cada dos por tres|todo el rato]",
                "perdemos [horas|muchísimo tiempo] [peleándonos con|lidiando con] [los sistemas"
                "|sistemas anticuados|ordenadores viejísimos]",
                "[el nuevo sistema|el nuevo programa] [se implantó|llegó] [sin formación"
                "|antes de estar listo|de cualquier manera]",
                "[la mitad de|casi todos] los [escáneres|cascos|portátiles] [no funcionan"
                "|están rotos|están para tirar]",
                "[el wifi del almacén|la red de la tienda|el programa de caja] [falla"
                "|se cae] [todos los días|cada dos por tres|en plena hora punta]",
            ),
            "pos": (
                "[las nuevas cajas son|los nuevos escáneres son"
                "|la nueva app de turnos es] [una gran mejora|un avance enorme|un acierto]",
                "tenemos [las herramientas|el material|el equipo] [que necesitamos"
                "|para hacer bien el trabajo]",
                "[el nuevo CRM|la base de conocimiento|el sistema de stock] me ayuda a "
                "[atender a los clientes|encontrar respuestas rápido|hacer mi trabajo]",
                "[los portátiles nuevos|los cascos nuevos|los escáneres nuevos] "
                "[funcionan de maravilla|van muy bien|nos facilitan mucho el trabajo]",
                "[el nuevo sistema de stock|la nueva app de turnos"
                "|el programa de caja] [funciona de maravilla|nos ahorra mucho tiempo"
                "|es muy fácil de usar]",
            ),
        },
        "team_spirit": {
            "neg": (
                "hay [mucho cotilleo|mucho chisme|muchos grupitos|mucha tensión] [en el equipo"
                "|en la tienda|en la oficina]",
                "los compañeros [no se ayudan entre sí|solo miran por sí mismos|van a lo suyo]",
                "la moral [está por los suelos|está muy baja|es pésima][ ahora mismo"
                "| desde los cambios|]",
                "a los nuevos [los dejan de lado|no los integran|los ignoran los veteranos]",
                "[en el equipo|en la tienda|en mi turno] hay [mal ambiente|mucha competitividad"
                "|cada uno va a la suya]",
                "[cuesta|es difícil] [trabajar en equipo|pedir ayuda] [con tanta tensión"
                "|cuando cada uno va a lo suyo]",
            ),
            "pos": (
                "[mi equipo es|la gente aquí es] [genial|increíble|como una familia|un gran apoyo]",
                "mis compañeros son [geniales|increíbles|como una familia|un gran apoyo]",
                "[siempre nos ayudamos|nos cubrimos las espaldas"
                "|remamos todos en la misma dirección]",
                "[muy buen|un gran] ambiente [en la tienda de {city}|en nuestro turno"
                "|en el centro de atención]",
                "[me gusta|me encanta] [venir a trabajar|trabajar con mis compañeros] por "
                "[la gente|el equipo]",
            ),
        },
        "pay_benefits": {
            "neg": (
                "el sueldo [no ha subido con|va muy por detrás de] [la inflación"
                "|el coste de la vida|lo que pagan en otras empresas]",
                "[no llego|no llegamos] a fin de mes con [este sueldo|lo que cobramos]",
                "[recortaron|quitaron] [el descuento de empleado|el bonus"
                "|los beneficios][ sin avisar| este año|]",
                "[los nuevos|los de la agencia] cobran [casi lo mismo que"
                "|más que] [quienes llevamos años|la gente con experiencia]",
                "[el plus de {shift}|el bonus|las horas extra] [no compensa|no se paga bien"
                "|llega tarde y mal]",
            ),
            "pos": (
                "[el sueldo es justo|la subida salarial fue justa|el bonus fue generoso"
                "|pagan mejor que en otros sitios]",
                "[el descuento de empleado es genial|el plan de pensiones es muy bueno"
                "|los beneficios sociales son un plus]",
                "me pagan [de forma justa|bien] por [lo que hago|mi puesto|mi trabajo]",
                "[la subida de este año|el bonus de Navidad|el plus de fin de semana] "
                "[se agradece mucho|ha estado bien|compensa el esfuerzo]",
                "[el sueldo|lo que cobramos] [está bien|es razonable][ para el sector"
                "| comparado con otras tiendas|]",
                "[el plus de {shift}|el descuento de empleado|la subida de este año] [compensa"
                "|merece la pena|está muy bien]",
            ),
        },
        "scheduling_shifts": {
            "neg": (
                "el cuadrante [sale tardísimo|se publica el día antes|llega sin ningún margen]",
                "me [cambian|mueven] [los turnos|el turno] [a última hora|sin preguntarme"
                "|cada semana]",
                "me ponen turnos de {shift} [sin preguntar|cada dos por tres|a última hora]",
                "es [imposible|muy difícil] [organizar el cuidado de los niños|tener vida"
                "|planificar nada] con [estos turnos|este cuadrante]",
                "me [deniegan|rechazan] [las vacaciones|los días libres] [sin motivo"
                "|a última hora|casi siempre]",
                "[cerrar y volver a abrir al día siguiente|doblar turno] [es agotador"
                "|no me deja descansar]",
            ),
            "pos": (
                "el cuadrante sale [con semanas de antelación|con mucha antelación"
                "|con un mes de antelación]",
                "[mi responsable|{agent}] [es flexible con los turnos"
                "|se adapta al horario de mis hijos|respeta mis horarios de estudio]",
                "[cambiar turnos|pedir vacaciones] es [fácil|sencillo|rápido][ con la app| ahora|]",
                "[tengo|consigo] un buen equilibrio entre [trabajo y vida personal"
                "|el trabajo y mi vida]",
            ),
        },
    },
}  # fmt: skip

# Relative weights of themes per channel; self-checkout errors are barely there until planted.
_CHANNEL_THEME_WEIGHTS: dict[str, dict[str, float]] = {
    "store": {
        "staff_helpfulness": 5, "store_queues_cleanliness": 5, "stock_availability": 4,
        "product_quality": 3, "price_value": 3, "checkout_payment": 2, "returns_refunds": 2,
        "loyalty_points": 2, "click_collect": 1.5, "damaged_item": 0.5, "billing_error": 0.5,
        "self_checkout_errors": 0.12,
    },
    "web": {
        "delivery_delay": 5, "website_usability": 4, "checkout_payment": 3, "damaged_item": 3,
        "returns_refunds": 3, "product_quality": 3, "price_value": 2, "stock_availability": 2,
        "click_collect": 1.5, "billing_error": 1, "loyalty_points": 1,
        "self_checkout_errors": 0.02,
    },
    "app": {
        "website_usability": 5, "checkout_payment": 3, "loyalty_points": 3,
        "delivery_delay": 3, "stock_availability": 2, "click_collect": 2, "price_value": 1.5,
        "returns_refunds": 1.5, "product_quality": 1, "self_checkout_errors": 0.04,
    },
    "phone": {
        "contact_wait": 5, "billing_error": 4, "returns_refunds": 3, "delivery_delay": 3,
        "staff_helpfulness": 3, "damaged_item": 2, "loyalty_points": 1.5,
        "checkout_payment": 1, "self_checkout_errors": 0.02,
    },
    "chat": {
        "delivery_delay": 4, "returns_refunds": 3, "contact_wait": 3, "website_usability": 3,
        "billing_error": 2, "staff_helpfulness": 2, "checkout_payment": 2, "damaged_item": 2,
        "loyalty_points": 1.5, "click_collect": 1, "self_checkout_errors": 0.02,
    },
    "email": {
        "returns_refunds": 4, "delivery_delay": 4, "damaged_item": 3, "billing_error": 3,
        "contact_wait": 2, "product_quality": 2, "loyalty_points": 1.5, "click_collect": 1,
        "self_checkout_errors": 0.02,
    },
    "social": {
        "delivery_delay": 4, "staff_helpfulness": 3, "price_value": 3, "contact_wait": 3,
        "product_quality": 2, "store_queues_cleanliness": 2, "damaged_item": 2,
        "website_usability": 2, "stock_availability": 2, "returns_refunds": 1.5,
        "loyalty_points": 1, "billing_error": 1, "self_checkout_errors": 0.05,
    },
}  # fmt: skip
# When the theme is being planted it leads most texts of the channels where shoppers meet it.
_EMERGING_SHARE: dict[str, float] = {
    "store": 0.75, "social": 0.6, "app": 0.5, "web": 0.35, "phone": 0.45, "chat": 0.4,
    "email": 0.4,
}  # fmt: skip
_THEME_COUNT_WEIGHTS = (0.62, 0.28, 0.10)

# Spelling slips people really make; applied to one clause, never to evidence.
_MISSPELLINGS: dict[str, dict[str, str]] = {
    "en": {
        "received": "recieved", "definitely": "definately", "until": "untill",
        "disappointed": "dissapointed", "really": "realy", "arrived": "arived",
        "because": "becuase", "immediately": "immediatly", "tomorrow": "tommorow",
        "address": "adress", "waiting": "wating", "absolutely": "absolutly",
        "customer": "costumer", "experience": "experiance", "minutes": "mins",
        "though": "tho", "you": "u", "your": "ur", "their": "there", "it's": "its",
        "couldn't": "couldnt", "didn't": "didnt", "I'm": "im", "wasn't": "wasnt",
        "separate": "seperate", "which": "wich",
    },
    "es": {
        "también": "tb", "está": "esta", "después": "despues", "había": "habia",
        "llegó": "llego", "qué": "que", "porque": "xq", "vez": "ves", "hace": "ase",
        "hacer": "aser", "ahora": "aora", "todavía": "todavia", "más": "mas", "aún": "aun",
        "así": "asi", "días": "dias", "número": "numero", "cómo": "como", "dónde": "donde",
        "cuándo": "cuando", "que": "q",
    },
}  # fmt: skip
# Informal Spanish often drops accents and opening marks altogether.
_PLAIN_SPANISH = str.maketrans({"á": "a", "é": "e", "í": "i", "ó": "o", "ú": "u", "¡": "", "¿": ""})

# ---------------------------------------------------------------------------------------------
# Template grammar, compiled once at import.
# ---------------------------------------------------------------------------------------------

_Part: TypeAlias = "str | tuple[str, ...] | list[_Seq]"
_Seq: TypeAlias = "tuple[_Part, ...]"
_Bank: TypeAlias = "tuple[_Seq, ...]"
_Lexeme: TypeAlias = "tuple[str | None, str | None, str | None]"
_Draw: TypeAlias = "Callable[[], float]"

_LEXEME_RE = re.compile(r"\{(\w+)\}|([\[\]|])|([^\[\]|{}]+)")


def _split_template(template: str) -> list[_Lexeme]:
    tokens: list[_Lexeme] = []
    position = 0
    for match in _LEXEME_RE.finditer(template):
        if match.start() != position:
            break
        tokens.append((match.group(1), match.group(2), match.group(3)))
        position = match.end()
    if position != len(template):
        raise ValueError(f"stray brace at {position} in template {template!r}")
    return tokens


def _merge_literals(parts: list[_Part]) -> _Seq:
    merged: list[_Part] = []
    for part in parts:
        if isinstance(part, str):
            if not part:
                continue
            if merged and isinstance(merged[-1], str):
                merged[-1] += part
                continue
        merged.append(part)
    return tuple(merged)


def _make_choice(alternatives: list[_Seq]) -> _Part:
    # Plain-text alternatives become a tuple so rendering them is a single index.
    if all(not alt or (len(alt) == 1 and isinstance(alt[0], str)) for alt in alternatives):
        return tuple(str(alt[0]) if alt else "" for alt in alternatives)
    return list(alternatives)


def _parse_sequence(
    tokens: list[_Lexeme],
    position: int,
    lexicon: Mapping[str, tuple[str, ...]],
    template: str,
    *,
    nested: bool,
) -> tuple[_Seq, int]:
    parts: list[_Part] = []
    while position < len(tokens):
        slot, symbol, text = tokens[position]
        if symbol == "[":
            alternatives: list[_Seq] = []
            position += 1
            while True:
                alternative, position = _parse_sequence(
                    tokens, position, lexicon, template, nested=True
                )
                alternatives.append(alternative)
                if position >= len(tokens):
                    raise ValueError(f"unclosed '[' in template {template!r}")
                closing = tokens[position][1]
                position += 1
                if closing == "]":
                    break
            parts.append(_make_choice(alternatives))
            continue
        if symbol:
            if not nested:
                raise ValueError(f"unbalanced {symbol!r} in template {template!r}")
            return _merge_literals(parts), position
        if slot:
            if slot not in lexicon:
                raise ValueError(f"unknown slot {{{slot}}} in template {template!r}")
            parts.append(lexicon[slot])
        else:
            parts.append(text or "")
        position += 1
    if nested:
        raise ValueError(f"unclosed '[' in template {template!r}")
    return _merge_literals(parts), position


def _compile_bank(templates: tuple[str, ...], lexicon: Mapping[str, tuple[str, ...]]) -> _Bank:
    compiled = []
    for template in templates:
        sequence, _ = _parse_sequence(_split_template(template), 0, lexicon, template, nested=False)
        compiled.append(sequence)
    return tuple(compiled)


def _compile_nested(
    source: Mapping[str, Mapping[str, tuple[str, ...]]], lexicon: Mapping[str, tuple[str, ...]]
) -> dict[str, dict[str, _Bank]]:
    return {
        outer: {inner: _compile_bank(templates, lexicon) for inner, templates in banks.items()}
        for outer, banks in source.items()
    }


def _render(sequence: _Seq, draw: _Draw) -> str:
    pieces: list[str] = []
    for part in sequence:
        if isinstance(part, str):
            pieces.append(part)
        elif isinstance(part, tuple):
            pieces.append(part[int(draw() * len(part))])
        else:
            pieces.append(_render(part[int(draw() * len(part))], draw))
    return "".join(pieces)


def _draw_text(bank: _Bank, draw: _Draw) -> str:
    return _render(bank[int(draw() * len(bank))], draw)


_FRAME_BANKS = {
    language: {key: _compile_bank(templates, _LEXICONS[language]) for key, templates in f.items()}
    for language, f in _FRAMES.items()
}
_THEME_BANKS = {
    language: _compile_nested(banks, _LEXICONS[language])
    for language, banks in _THEME_CLAUSES.items()
}
_NEED_BANKS = {
    language: _compile_nested(banks, _LEXICONS[language])
    for language, banks in _NEED_PHRASES.items()
}
_WARNING_BANKS = {
    language: {key: _compile_bank(templates, _LEXICONS[language]) for key, templates in w.items()}
    for language, w in _WARNING_PHRASES.items()
}
_EMPLOYEE_BANKS = {
    language: _compile_nested(banks, _LEXICONS[language])
    for language, banks in _EMPLOYEE_CLAUSES.items()
}
_CHANNEL_TABLES: dict[str, tuple[tuple[str, ...], tuple[float, ...]]] = {
    channel: (tuple(weights), tuple(accumulate(weights.values())))
    for channel, weights in _CHANNEL_THEME_WEIGHTS.items()
}

# ---------------------------------------------------------------------------------------------
# Assembling a text.
# ---------------------------------------------------------------------------------------------


def _capitalise(text: str) -> str:
    start = 0
    while start < len(text) and text[start] in "¡¿'\"«@":
        start += 1
    return text[:start] + text[start : start + 1].upper() + text[start + 1 :]


class _Draft:
    """A text under construction as a list of pieces, so evidence can be located exactly."""

    __slots__ = ("continues", "draw", "ends", "language", "parts")

    def __init__(self, language: str, draw: _Draw) -> None:
        self.language = language
        self.draw = draw
        self.parts: list[str] = []
        self.ends: list[int] = []
        self.continues = False

    def add_sentence(self, lead: str, body: str, end: str) -> int:
        """Append ``lead + body + end`` as a sentence and return the index of the body piece."""
        parts = self.parts
        if parts:
            parts.append(" ")
        if body.endswith("?"):
            end = ""
        capitalise = not self.continues
        self.continues = False
        # Spanish opens exclamations too; informal writers often skip it, as does plain mode.
        opening = "¡" if self.language == "es" and end.startswith("!") else ""
        if lead:
            parts.append(opening + (_capitalise(lead) if capitalise else lead))
        else:
            if opening:
                parts.append(opening)
            if capitalise:
                body = _capitalise(body)
        index = len(parts)
        parts.append(body)
        if end:
            self.ends.append(len(parts))
            parts.append(end)
        return index

    def add_tail(self, text: str) -> None:
        """Append loose trailing text (a hashtag, a handle, a filler) after a space."""
        self.parts.append(" " + text if self.parts else text)

    def exclaims(self) -> bool:
        """Whether any sentence so far ends with an exclamation mark."""
        return any(self.parts[index].startswith("!") for index in self.ends)


def _misspell(piece: str, language: str, draw: _Draw) -> str:
    words = piece.split(" ")
    table = _MISSPELLINGS[language]
    known = [index for index, word in enumerate(words) if word in table]
    if known and draw() < 0.7:
        index = known[int(draw() * len(known))]
        words[index] = table[words[index]]
        return " ".join(words)
    long_words = [index for index, word in enumerate(words) if len(word) >= 5 and word.isalpha()]
    if not long_words:
        return piece
    index = long_words[int(draw() * len(long_words))]
    word = words[index]
    cut = 1 + int(draw() * (len(word) - 2))
    words[index] = word[:cut] + word[cut + 1] + word[cut] + word[cut + 2 :]
    return " ".join(words)


def _finish_draft(
    draft: _Draft,
    protected: tuple[int, ...],
    *,
    typo: float,
    lower: float,
    plain: float,
    bare_end: float,
) -> list[str]:
    draw = draft.draw
    parts = draft.parts
    if draft.ends and draft.ends[-1] == len(parts) - 1 and draw() < bare_end:
        parts[-1] = ""
    if draw() < typo:
        candidates = [
            index for index, piece in enumerate(parts) if len(piece) > 12 and index not in protected
        ]
        if candidates:
            index = candidates[int(draw() * len(candidates))]
            parts[index] = _misspell(parts[index], draft.language, draw)
    if draw() < lower:
        parts = [piece.lower() for piece in parts]
    if draft.language == "es" and draw() < plain:
        parts = [piece.translate(_PLAIN_SPANISH) for piece in parts]
    return parts


def _sentence_end(draw: _Draw, polarity: str) -> str:
    roll = draw()
    if polarity in ("pos", "neg"):
        if roll < 0.16:
            return "!"
        if roll < 0.2:
            return "!!"
        if roll < 0.23:
            return "..."
        return "."
    if polarity == "mix" and roll < 0.1:
        return "..."
    return "."


def _shuffled(items: tuple[str, ...], draw: _Draw) -> list[str]:
    order = list(items)
    for index in range(len(order) - 1, 0, -1):
        other = int(draw() * (index + 1))
        order[index], order[other] = order[other], order[index]
    return order


def _add_uniform_body(
    draft: _Draft,
    clauses: Mapping[str, Mapping[str, _Bank]],
    frames: Mapping[str, _Bank],
    themes: tuple[str, ...],
    polarity: str,
    lead: str,
    join_share: float,
) -> None:
    draw = draft.draw
    order = _shuffled(themes, draw)
    position = 0
    while position < len(order):
        opening = position == 0
        body = _draw_text(clauses[order[position]][polarity], draw)
        position += 1
        if (
            polarity != "neu"
            and position < len(order)
            and not body.endswith("?")
            and draw() < join_share
        ):
            body += _draw_text(frames["join_" + polarity], draw)
            body += _draw_text(clauses[order[position]][polarity], draw)
            position += 1
        if not opening and draw() < 0.6:
            lead = _draw_text(frames["next_" + polarity], draw)
        draft.add_sentence(lead, body, _sentence_end(draw, polarity))
        lead = ""


def _add_mixed_body(
    draft: _Draft,
    clauses: Mapping[str, Mapping[str, _Bank]],
    frames: Mapping[str, _Bank],
    themes: tuple[str, ...],
    dominant: int,
    lead: str,
    generic_prefix: str,
) -> float:
    """Write an outweighed clause and the clause that carries the polarity; return magnitude."""
    draw = draft.draw
    strong_polarity, weak_polarity = ("pos", "neg") if dominant > 0 else ("neg", "pos")
    magnitude = 0.25
    # Theme clauses may be bare noun phrases ("great value"), which "although" cannot take.
    concessive = False
    if len(themes) == 1:
        theme = themes[0]
        # Complaints usually land in the theme; praise in a generic "overall I'm happy".
        if draw() < (0.6 if dominant < 0 else 0.4):
            weak = _draw_text(frames[generic_prefix + weak_polarity], draw)
            strong = _draw_text(clauses[theme][strong_polarity], draw)
            concessive = draw() < 0.3
        else:
            weak = _draw_text(clauses[theme][weak_polarity], draw)
            strong = _draw_text(frames[generic_prefix + strong_polarity], draw)
            magnitude = 0.15
    else:
        order = _shuffled(themes, draw)
        weak = _draw_text(clauses[order[0]][weak_polarity], draw)
        for theme in order[1:-1]:
            weak += _draw_text(frames["join_" + weak_polarity], draw)
            weak += _draw_text(clauses[theme][weak_polarity], draw)
        strong = _draw_text(clauses[order[-1]][strong_polarity], draw)
        magnitude = 0.2
    if concessive:
        body = _draw_text(frames["concede"], draw) + weak + ", " + strong
    else:
        body = weak + _draw_text(frames["contrast"], draw) + strong
    draft.add_sentence(lead, body, _sentence_end(draw, "mix"))
    return magnitude


def _add_warning(draft: _Draft, warning: str, *, first: bool) -> int:
    draw = draft.draw
    language = draft.language
    key = "vulnerable_lead" if warning == "vulnerable_customer" else "warning_lead"
    lead = "" if first else _draw_text(_FRAME_BANKS[language][key], draw)
    phrase = _draw_text(_WARNING_BANKS[language][warning], draw)
    end = "!" if warning != "vulnerable_customer" and draw() < 0.3 else "."
    return draft.add_sentence(lead, phrase, end)


def _add_need(draft: _Draft, need: str, dominant: int) -> int:
    draw = draft.draw
    language = draft.language
    lead = _draw_text(_FRAME_BANKS[language]["need_lead"], draw)
    phrase = _draw_text(_NEED_BANKS[language][need]["pos" if dominant > 0 else "neg"], draw)
    return draft.add_sentence(lead, phrase, _sentence_end(draw, "pos"))


def _choose_polarity(draw: _Draw, position: float) -> tuple[str, int]:
    """Pick pos/neg/mix from a position in [0, 1] on a score or engagement scale."""
    if position <= 0.3:
        negative, mixed = 0.85, 0.15
    elif position <= 0.5:
        negative, mixed = 0.5, 0.45
    elif position < 0.75:
        negative, mixed = 0.12, 0.6
    elif position < 0.9:
        negative, mixed = 0.0, 0.3
    else:
        negative, mixed = 0.0, 0.1
    roll = draw()
    if roll < negative:
        return "neg", -1
    if roll < negative + mixed:
        return "mix", 1 if draw() < position else -1
    return "pos", 1


def _score_position(score: float, scale_max: int) -> float:
    if scale_max < 2:
        raise ValueError(f"scale_max must be at least 2, got {scale_max}")
    # Scales of ten points or more are NPS-like and start at 0; shorter ones (CSAT, CES) at 1.
    lowest = 0 if scale_max >= 10 else 1
    return min(1.0, max(0.0, (score - lowest) / (scale_max - lowest)))


def _check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}; expected one of {LANGUAGES}")


def _check_themes(themes: tuple[str, ...], known: Mapping[str, str]) -> None:
    if not 1 <= len(themes) <= 3 or len(set(themes)) != len(themes):
        raise ValueError(f"expected one to three distinct themes, got {themes!r}")
    unknown = [theme for theme in themes if theme not in known]
    if unknown:
        raise ValueError(f"unknown themes {unknown!r}; expected some of {sorted(known)}")


def _check_warning(warning: str | None) -> None:
    if warning is not None and warning not in WARNINGS:
        raise ValueError(f"unknown warning {warning!r}; expected one of {WARNINGS}")


def _signed(dominant: int, magnitude: float) -> float:
    return round(dominant * min(1.0, magnitude), 2)


def _evidence(parts: list[str], index: int) -> str | None:
    return parts[index] if index >= 0 else None


# ---------------------------------------------------------------------------------------------
# Public API.
# ---------------------------------------------------------------------------------------------


def compose_feedback_verbatim(
    rng: random.Random,
    *,
    score: float,
    scale_max: int,
    language: str,
    themes: tuple[str, ...],
    need: str | None = None,
    warning: str | None = None,
) -> Verbatim:
    """Compose the free-text comment of a survey response.

    Low scores read mostly negative, high scores mostly positive and middle scores mixed ("good
    but..."); about 4% of comments contradict their score (sarcasm, a 10 with a complaint) and
    their ``sentiment`` then follows the text. Warnings other than ``vulnerable_customer`` make
    the text negative whatever the score.

    Args:
        rng: The only source of randomness.
        score: The score given, on ``0..scale_max`` for scales of ten or more points (NPS) and
            ``1..scale_max`` otherwise (CSAT, CES where higher means easier).
        scale_max: The top of the scale.
        language: ``"en"`` or ``"es"``.
        themes: One to three ids from ``THEMES``, all expressed in the text.
        need: An id from ``NEEDS`` to express, or None.
        warning: An id from ``WARNINGS`` to express, or None.

    Returns:
        The verbatim with its exact labels and evidence substrings.

    Raises:
        ValueError: If an argument is outside the vocabularies above.
    """
    _check_language(language)
    _check_themes(themes, THEMES)
    if need is not None and need not in NEEDS:
        raise ValueError(f"unknown need {need!r}; expected one of {NEEDS}")
    _check_warning(warning)
    draw = rng.random
    polarity, dominant = _choose_polarity(draw, _score_position(score, scale_max))
    mismatched = draw() < _MISMATCH_RATE
    if mismatched:
        dominant = -dominant
        polarity = {"pos": "neg", "neg": "pos"}.get(polarity, polarity)
    if warning in _NEGATIVE_WARNINGS and dominant > 0:
        dominant = -1
        polarity = "neg" if polarity == "pos" else polarity
    frames = _FRAME_BANKS[language]
    draft = _Draft(language, draw)
    magnitude = 0.5 + 0.1 * (len(themes) - 1)
    sarcastic = polarity == "neg" and draw() < (0.4 if mismatched else 0.05)
    warning_index = need_index = -1
    warning_first = warning in ("vulnerable_customer", "safety") and draw() < 0.5
    if warning is not None and warning_first:
        warning_index = _add_warning(draft, warning, first=True)
    if not sarcastic and draw() < 0.3:
        draft.add_sentence(
            "", _draw_text(frames["opener_" + polarity], draw), _sentence_end(draw, polarity)
        )
        magnitude += 0.15
    if sarcastic:
        lead = _draw_text(frames["sarcasm"], draw)
        magnitude += 0.1
    else:
        lead = _draw_text(frames["lead_" + polarity], draw) if draw() < 0.25 else ""
    clauses = _THEME_BANKS[language]
    if polarity == "mix":
        magnitude = _add_mixed_body(draft, clauses, frames, themes, dominant, lead, "generic_")
    else:
        _add_uniform_body(draft, clauses, frames, themes, polarity, lead, 0.5)
    if need is not None:
        need_index = _add_need(draft, need, dominant)
    if warning is not None and not warning_first:
        warning_index = _add_warning(draft, warning, first=False)
    if warning in _NEGATIVE_WARNINGS:
        magnitude += 0.15
    if draw() < 0.3:
        draft.add_sentence(
            "", _draw_text(frames["closer_" + polarity], draw), _sentence_end(draw, polarity)
        )
        # Mixed closers ("could be better") hedge rather than add weight.
        magnitude += 0.1 if polarity != "mix" else 0.0
    if polarity != "mix" and draft.exclaims():
        magnitude += 0.1
    parts = _finish_draft(
        draft,
        (need_index, warning_index),
        typo=0.08,
        lower=0.05,
        plain=0.12,
        bare_end=0.1,
    )
    return Verbatim(
        text="".join(parts),
        language=language,
        sentiment=_signed(dominant, magnitude),
        themes=themes,
        need=need,
        need_evidence=_evidence(parts, need_index),
        warning=warning,
        warning_evidence=_evidence(parts, warning_index),
    )


def compose_ticket_text(
    rng: random.Random,
    *,
    language: str,
    themes: tuple[str, ...],
    warning: str | None = None,
) -> Verbatim:
    """Compose the description of a contact-centre ticket, in the customer's voice.

    Most tickets complain or ask a neutral question; a few thank the team. They may open with a
    greeting and an order reference and close with a request and a sign-off.

    Args:
        rng: The only source of randomness.
        language: ``"en"`` or ``"es"``.
        themes: One to three ids from ``THEMES``, all expressed in the text.
        warning: An id from ``WARNINGS`` to express, or None.

    Returns:
        The verbatim; ``need`` is always None.

    Raises:
        ValueError: If an argument is outside the vocabularies above.
    """
    _check_language(language)
    _check_themes(themes, THEMES)
    _check_warning(warning)
    draw = rng.random
    roll = draw()
    polarity = "neg" if roll < 0.62 else "neu" if roll < 0.94 else "pos"
    if warning in _NEGATIVE_WARNINGS:
        polarity = "neg"
    frames = _FRAME_BANKS[language]
    draft = _Draft(language, draw)
    if draw() < 0.5:
        draft.add_sentence("", _draw_text(frames["greeting"], draw), ",")
        draft.continues = True
    if draw() < 0.4:
        draft.add_sentence("", _draw_text(frames["context"], draw), ".")
    warning_index = -1
    warning_first = warning in ("vulnerable_customer", "safety") and draw() < 0.5
    if warning is not None and warning_first:
        warning_index = _add_warning(draft, warning, first=True)
    lead = _draw_text(frames["lead_" + polarity], draw) if draw() < 0.2 else ""
    _add_uniform_body(draft, _THEME_BANKS[language], frames, themes, polarity, lead, 0.4)
    if warning is not None and not warning_first:
        warning_index = _add_warning(draft, warning, first=False)
    if draw() < 0.6:
        draft.add_sentence("", _draw_text(frames["request_" + polarity], draw), ".")
    if draw() < 0.3:
        draft.add_sentence("", _draw_text(frames["signoff"], draw), "")
    if polarity == "neg":
        magnitude = 0.45 + 0.1 * (len(themes) - 1) + 0.1 * draft.exclaims()
        sentiment = _signed(-1, magnitude + (0.15 if warning in _NEGATIVE_WARNINGS else 0.0))
    else:
        sentiment = 0.6 if polarity == "pos" else 0.0
    parts = _finish_draft(draft, (warning_index,), typo=0.06, lower=0.03, plain=0.08, bare_end=0.08)
    return Verbatim(
        text="".join(parts),
        language=language,
        sentiment=sentiment,
        themes=themes,
        need=None,
        need_evidence=None,
        warning=warning,
        warning_evidence=_evidence(parts, warning_index),
    )


def compose_social_post(
    rng: random.Random,
    *,
    language: str,
    themes: tuple[str, ...],
    sentiment: float,
    warning: str | None = None,
) -> Verbatim:
    """Compose a short, informal social-media post about the retailer.

    Posts may tag the retailer's handle, add a filler ("tbh", "la verdad") or hashtags, and are
    often lower-case or unpunctuated. ``sentiment`` above 0.25 reads positive, below -0.25
    negative and in between mixed; a warning other than ``vulnerable_customer`` makes the post
    negative, and the returned ``sentiment`` then says so.

    Args:
        rng: The only source of randomness.
        language: ``"en"`` or ``"es"``.
        themes: One to three ids from ``THEMES``, all expressed in the text.
        sentiment: The intended polarity in [-1, 1] (clamped).
        warning: An id from ``WARNINGS`` to express, or None.

    Returns:
        The verbatim; ``need`` is always None.

    Raises:
        ValueError: If an argument is outside the vocabularies above.
    """
    _check_language(language)
    _check_themes(themes, THEMES)
    _check_warning(warning)
    draw = rng.random
    value = min(1.0, max(-1.0, sentiment))
    if warning in _NEGATIVE_WARNINGS and value > -0.25:
        value = -max(0.4, abs(value))
    polarity = "pos" if value >= 0.25 else "neg" if value <= -0.25 else "mix"
    dominant = 1 if value >= 0 else -1
    frames = _FRAME_BANKS[language]
    draft = _Draft(language, draw)
    handle_first = draw() < 0.35
    if handle_first:
        draft.add_tail(_draw_text(frames["handle"], draw))
    roll = draw()
    if polarity == "neg" and roll < 0.1:
        lead = _draw_text(frames["sarcasm"], draw)
    elif roll < 0.4:
        lead = _draw_text(frames["social_lead_" + polarity], draw)
    else:
        lead = ""
    clauses = _THEME_BANKS[language]
    if polarity == "mix":
        _add_mixed_body(draft, clauses, frames, themes, dominant, lead, "generic_")
    else:
        _add_uniform_body(draft, clauses, frames, themes, polarity, lead, 0.8)
    warning_index = -1
    if warning is not None:
        warning_index = _add_warning(draft, warning, first=False)
    if draw() < 0.25:
        draft.add_tail(_draw_text(frames["social_tag_" + polarity], draw))
    if not handle_first and draw() < 0.25:
        draft.add_tail(_draw_text(frames["handle"], draw))
    if draw() < 0.4:
        draft.add_tail(_draw_text(frames["hashtag_" + polarity], draw))
    parts = _finish_draft(draft, (warning_index,), typo=0.12, lower=0.3, plain=0.35, bare_end=0.45)
    return Verbatim(
        text="".join(parts),
        language=language,
        sentiment=round(value, 2),
        themes=themes,
        need=None,
        need_evidence=None,
        warning=warning,
        warning_evidence=_evidence(parts, warning_index),
    )


def compose_employee_comment(
    rng: random.Random,
    *,
    language: str,
    engagement: float,
    themes: tuple[str, ...],
) -> Verbatim:
    """Compose an employee-engagement survey comment.

    Low engagement reads mostly negative, high engagement mostly positive, the middle mixed.

    Args:
        rng: The only source of randomness.
        language: ``"en"`` or ``"es"``.
        engagement: The employee's engagement in [0, 1] (clamped).
        themes: One to three ids from ``EMPLOYEE_THEMES``, all expressed in the text.

    Returns:
        The verbatim; ``need`` and ``warning`` are always None.

    Raises:
        ValueError: If an argument is outside the vocabularies above.
    """
    _check_language(language)
    _check_themes(themes, EMPLOYEE_THEMES)
    draw = rng.random
    polarity, dominant = _choose_polarity(draw, min(1.0, max(0.0, engagement)))
    frames = _FRAME_BANKS[language]
    draft = _Draft(language, draw)
    magnitude = 0.5 + 0.1 * (len(themes) - 1)
    if polarity != "mix" and draw() < 0.3:
        draft.add_sentence(
            "",
            _draw_text(frames["employee_opener_" + polarity], draw),
            _sentence_end(draw, polarity),
        )
        magnitude += 0.15
    lead = _draw_text(frames["lead_" + polarity], draw) if draw() < 0.15 else ""
    clauses = _EMPLOYEE_BANKS[language]
    if polarity == "mix":
        magnitude = _add_mixed_body(
            draft, clauses, frames, themes, dominant, lead, "employee_generic_"
        )
    else:
        _add_uniform_body(draft, clauses, frames, themes, polarity, lead, 0.5)
        if draw() < 0.3:
            draft.add_sentence(
                "",
                _draw_text(frames["employee_closer_" + polarity], draw),
                _sentence_end(draw, polarity),
            )
            magnitude += 0.1
        magnitude += 0.1 * draft.exclaims()
    parts = _finish_draft(draft, (), typo=0.04, lower=0.03, plain=0.06, bare_end=0.08)
    return Verbatim(
        text="".join(parts),
        language=language,
        sentiment=_signed(dominant, magnitude),
        themes=themes,
        need=None,
        need_evidence=None,
        warning=None,
        warning_evidence=None,
    )


def pick_themes(rng: random.Random, *, channel: str, emerging: bool = False) -> tuple[str, ...]:
    """Pick one to three distinct themes plausible for a feedback channel.

    Args:
        rng: The only source of randomness.
        channel: One of ``CHANNELS``: store, web, phone, chat, email, social or app.
        emerging: Whether the planted emerging theme ``self_checkout_errors`` is live; instead
            of being rare it then leads 35-75% of picks, depending on the channel.

    Returns:
        Theme ids from ``THEMES``, without repeats.

    Raises:
        ValueError: If the channel is unknown.
    """
    if channel not in _CHANNEL_TABLES:
        raise ValueError(f"unknown channel {channel!r}; expected one of {CHANNELS}")
    draw = rng.random
    names, cumulative = _CHANNEL_TABLES[channel]
    total = cumulative[-1]
    roll = draw()
    count = 1 if roll < _THEME_COUNT_WEIGHTS[0] else 2 if roll < 1 - _THEME_COUNT_WEIGHTS[2] else 3
    chosen: list[str] = []
    if emerging and draw() < _EMERGING_SHARE[channel]:
        chosen.append("self_checkout_errors")
    attempts = 0
    while len(chosen) < count and attempts < 24:
        theme = names[bisect_right(cumulative, draw() * total)]
        if theme not in chosen:
            chosen.append(theme)
        attempts += 1
    return tuple(chosen)
