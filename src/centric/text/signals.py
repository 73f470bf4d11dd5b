"""The six core emotional needs and the warning signals in a verbatim, each with its evidence.

Needs (control, self-expression, growth, recognition, belonging, care) say which human need a
comment speaks to, met or unmet; warnings (safety, legal threat, vulnerable customer, churn
intent, discrimination, public escalation) are what a case owner must not miss and feed the
alert rules. Both are found by phrase patterns for English and Spanish, written from how
customers and staff commonly put these things. Every alternative of every pattern is analysed
once for the one or two words a match can begin with, so a text is checked with a dictionary
lookup per word and an expression runs only where a match can start. Each pattern carries a
strength; a negation just before a match in the same clause ("not going to cancel", "no es
peligroso") lowers the confidence and usually drops it. The evidence is the exact substring of
the original text. This module
finds signals; it must not decide what to do about them (that is the cases domain's job).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from centric.text.tokens import APOSTROPHES as _APOSTROPHES
from centric.text.tokens import WORD as _WORD
from centric.text.tokens import fold, words

Category = Literal["need", "warning"]
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
# A match whose confidence falls below this (typically a negated one) is not reported.
MIN_CONFIDENCE = 0.35
_NEGATED_FACTOR = 0.3
_REPEAT_BONUS = 0.05
_NEGATION_WINDOW = 4  # words before a match that can negate it

STRONG, MEDIUM, WEAK = 0.9, 0.7, 0.5


@dataclass(frozen=True)
class Signal:
    """One need or warning found in a text.

    Attributes:
        category: ``need`` or ``warning``.
        name: e.g. ``care`` or ``churn_intent``.
        evidence: The exact substring of the text that carries it.
        start: Offset of the evidence in the text.
        end: Offset just past the evidence.
        confidence: 0..1; explicit statements score higher than hints.
    """

    category: Category
    name: str
    evidence: str
    start: int
    end: int
    confidence: float


# Patterns are written accent-free in lower case; vowels match their accented forms too.
# Each entry: (signal, strength, pattern).
_Pattern = tuple[str, float, str]

_EN_NEEDS: tuple[_Pattern, ...] = (
    ("control", STRONG, r"no (?:way|option) to (?:\w+ )?(?:change|cancel|contact|track|speak|"
     r"talk|reach|get|check|choose|amend|manage|stop|return)"),
    ("control", STRONG, r"(?:couldn't|could not|can't|cannot|unable to|wasn't able to|"
     r"not able to) (?:change|cancel|choose|track|reach|contact|get through|find out|amend|"
     r"manage|stop|speak to|talk to|get hold of|log in|access)"),
    ("control", STRONG, r"(?:kept|left) (?:me |us )?in the dark"),
    ("control", STRONG, r"(?:no(?:body| one)) (?:told|informed|updated|called|let) (?:me|us)"),
    ("control", MEDIUM, r"no (?:updates?|information|idea (?:when|where|what)|tracking|notice|"
     r"warning)"),
    ("control", MEDIUM, r"(?:didn't|did not|don't|do not) know (?:when|where|what|if|whether)"),
    ("control", STRONG, r"(?:had|have|given) no (?:say|choice|control|option)"),
    ("control", MEDIUM, r"(?:forced|made) (?:me |us )?to"),
    ("control", MEDIUM, r"out of (?:my|our) hands|at the mercy of"),
    ("control", STRONG, r"(?:kept|keep|keeps|keeping) (?:me|us) (?:informed|updated|posted|"
     r"in the loop)"),
    ("control", MEDIUM, r"(?:easy|easier|simple) to (?:change|cancel|manage|track|return|"
     r"reschedule|amend|choose|find)"),
    ("control", MEDIUM, r"(?:let|lets|allowed|allow) (?:me|us) (?:to )?(?:choose|decide|pick|"
     r"change|manage|track|control)"),
    ("control", MEDIUM, r"in control|on my own terms|(?:choose|chose|pick) (?:my|a|"
     r"the) (?:own )?(?:slot|time|date)"),
    ("control", MEDIUM, r"(?:track|tracking|trace) (?:my|the|of the|of my) (?:order|parcel|"
     r"delivery|package|refund)"),
    ("control", WEAK, r"(?:no|any) (?:real )?(?:answers?|explanation)"),
    ("self_expression", STRONG, r"(?:no(?:body| one)|nobody) (?:listens|listened|listening|"
     r"cares what)"),
    ("self_expression", STRONG, r"(?:listen|listened|listens|listening|hear|heard) (?:to )?(?:me|"
     r"us|customers|staff|what (?:i|we) (?:said|say|had to say))"),
    ("self_expression", STRONG, r"(?:have|had|give|gave) (?:my|our) say|voice (?:my|"
     r"our) (?:opinion|concerns?)|express (?:myself|my)"),
    ("self_expression", MEDIUM, r"my (?:opinion|feedback|voice|views?|suggestions?|ideas?|"
     r"point of view)"),
    ("self_expression", MEDIUM, r"(?:personali[sz]\w*|customi[sz]\w*|tailor(?:ed)? to me|"
     r"my (?:own )?style|reflects? (?:who i am|my (?:style|taste|personality))|be myself)"),
    ("self_expression", MEDIUM, r"(?:ignored|dismissed|brushed off) my (?:complaint|feedback|"
     r"concerns?|suggestions?|ideas?|input)"),
    ("growth", STRONG, r"(?:learn|learned|learnt|learning) (?:how|a lot|so much|new|more|to)"),
    ("growth", STRONG, r"(?:helps?|helped|helping) (?:me|us) (?:to )?(?:learn|improve|grow|"
     r"achieve|progress|get better|develop|reach|save)"),
    ("growth", MEDIUM, r"(?:taught|teaches|showed) (?:me|us)|new skills?|(?:improve|improved|"
     r"improving|develop|build) my (?:skills?|knowledge|confidence|career)"),
    ("growth", MEDIUM, r"(?:career|training|development|progression|promotion|mentor\w*|course|"
     r"upskill\w*|qualification)s?"),
    ("growth", MEDIUM, r"(?:reach|achieve|hit|meet) (?:my|our) (?:goals?|targets?)|(?:grow|"
     r"growth) (?:as|professionally|personally)"),
    ("growth", STRONG, r"(?:dead[- ]end|no (?:future|prospects|way to progress|room to grow))"),
    ("recognition", STRONG, r"(?:loyal|long[- ](?:standing|time)|regular|valued|"
     r"existing) customer"),
    ("recognition", STRONG, r"(?:customer|member|shopping (?:here|with you)|been with you|"
     r"with you) (?:for|of|since) (?:over |more than |nearly )?(?:\d+|a|many|several|two|three|"
     r"four|five|six|seven|eight|nine|ten|twenty|fifteen) (?:years?|decades?)"),
    ("recognition", STRONG, r"(?:feel|felt|feeling|made (?:me|us) feel) (?:so |really |"
     r"very )?(?:valued|appreciated|unappreciated|undervalued|invisible|like a number|special|"
     r"important|worthless)"),
    ("recognition", STRONG, r"treated (?:me |us )?like (?:a number|nobody|dirt|rubbish|royalty|"
     r"a vip|a criminal|an idiot|a child)"),
    ("recognition", MEDIUM, r"(?:remembered|remembers|knew|knows|used) my name"),
    ("recognition", MEDIUM, r"(?:reward\w*|appreciat\w*|recogni[sz]\w*|"
     r"acknowledg\w*) (?:for )?(?:my|our|the) (?:loyalty|custom|business|years|hard work|effort)"),
    ("recognition", MEDIUM, r"(?:no|never|not even a|without a) (?:thanks|thank you|apology|"
     r"recognition|appreciation|acknowledg\w*|praise)"),
    ("recognition", WEAK, r"(?:thanked|praised|recogni[sz]ed|acknowledged) (?:me|us|my|our)"),
    ("belonging", STRONG, r"(?:part of|one of) the (?:family|community|team|club)"),
    ("belonging", STRONG, r"(?:feel|felt|feeling|made (?:me|us) feel) (?:so |really |"
     r"very )?(?:welcome|at home|included|like family|like i belong|like we belong|out of place|"
     r"unwelcome|excluded|left out|like an outsider)"),
    ("belonging", MEDIUM, r"(?:like|feels like) (?:a )?(?:family|home)|"
     r"(?:sense of )?(?:community|belonging)|belong"),
    ("belonging", MEDIUM, r"(?:my|our) (?:local|neighbourhood|neighborhood|village|"
     r"high street) (?:shop|store|branch|supermarket)|(?:everyone|staff|they) (?:know|"
     r"knows) (?:me|us)"),
    ("belonging", MEDIUM, r"(?:team spirit|colleagues|teammates|work(?:ing)? together|"
     r"camaraderie|(?:whole|the) team)"),
    ("care", STRONG, r"(?:went|go|goes|going) (?:above and beyond|out of (?:their|her|his|"
     r"the) way|the extra mile)"),
    ("care", STRONG, r"(?:really |genuinely |truly )?(?:cared|cares) (?:about|for)|(?:looked|"
     r"look|looking|looks) after (?:me|us|my)"),
    ("care", STRONG, r"(?:didn't|don't|doesn't|did not|do not|does not|couldn't|could not|nobody|"
     r"no one) (?:seem to )?(?:care|cared|give a damn)"),
    ("care", STRONG, r"(?:no|zero|lack of|without any|any) (?:empathy|compassion|sympathy|care|"
     r"understanding|humanity)"),
    ("care", MEDIUM, r"(?:took|take|takes|taking) the time to|(?:made sure|make sure|checked on|"
     r"checking on|checked in on) (?:i|we|me|us|my|everything)"),
    ("care", MEDIUM, r"(?:empath\w*|compassion\w*|reassur\w*|patien(?:t|ce)|kindness|caring|"
     r"understanding|gentle|thoughtful)"),
    ("care", MEDIUM, r"treated (?:me|us|my \w+) with (?:respect|dignity|kindness|care)"),
    ("care", WEAK, r"(?:helpful|friendly|kind|lovely|attentive|polite) (?:staff|lady|man|guy|"
     r"woman|team|assistant|agent|driver|manager)"),
    ("control", MEDIUM, r"(?:being |be )?able to (?:choose|pick|change|decide|manage|track|"
     r"reschedule|plan|control|sort)|plan around"),
    ("control", MEDIUM, r"(?:want|need|needed|wanted|like) to know (?:when|where|what|if|"
     r"whether)|(?:an |any |a )?(?:actual|proper|real|clear) update"),
    ("recognition", MEDIUM, r"(?:remembered|remembers|recognised|recognized) (?:me|us|what (?:i|"
     r"we)|my|our)|rewarded for|(?:existing|loyal|regular) customers get nothing|"
     r"loyalty (?:means|counts for) nothing"),
    ("recognition", MEDIUM, r"after (?:\d+|many|so many|all these|\w+) years (?:with you|"
     r"of shopping|as a customer|of being)"),
    ("recognition", STRONG, r"(?:feel|felt|feeling|made (?:me|us) feel) (?:\w+ )?(?:valued|"
     r"appreciated|unappreciated|undervalued|invisible|special|ignored)"),
    ("care", STRONG, r"(?:feel|felt|feeling) (?:\w+ )?listened to|took (?:good |"
     r"great )?care of (?:me|us|my)|(?:asked|checked|called|rang) (?:to see |"
     r"to find out )?how (?:i|we) (?:was|were|am|are|felt)"),
    ("care", STRONG, r"(?:seemed|seem|seems) to (?:really |genuinely )?care|(?:genuinely|"
     r"truly) care[ds]?|(?:nobody|no one) (?:asked|checked)"),
    ("growth", MEDIUM, r"(?:good|great|expert|helpful|useful|sound) (?:advice|tips|guidance)|"
     r"learn(?:ed|t) (?:how|a lot|something|loads)|helped (?:me|us) (?:to )?(?:choose|decide|"
     r"learn|understand|improve)"),
    ("self_expression", MEDIUM, r"(?:suit|suits|suited|fit|fits|match|matches) (?:my|"
     r"our) (?:\w+ )?(?:taste|style|personality)|(?:my|our) (?:own )?(?:taste|style)"),
    ("belonging", MEDIUM, r"(?:it's|it is|is) (?:our|my) local\b"),
)  # fmt: skip

_ES_NEEDS: tuple[_Pattern, ...] = (
    ("control", STRONG, r"no (?:hay|habia|tengo|tenia|me dan|me dieron) (?:forma|manera|opcion|"
     r"posibilidad) de"),
    ("control", STRONG, r"no (?:pude|puedo|podia|consigo|consegui) (?:cambiar|cancelar|elegir|"
     r"contactar|hablar|saber|ver|seguir|modificar|acceder|entrar|devolver|localizar)"),
    ("control", STRONG, r"(?:nadie|nunca) me (?:informo|informaron|aviso|avisaron|dijo|dijeron|"
     r"explico|explicaron|llamo|llamaron)|no me (?:informaron|avisaron|dijeron nada|explicaron)"),
    ("control", MEDIUM, r"sin (?:informacion|noticias|saber nada|ninguna explicacion|aviso)"),
    ("control", MEDIUM, r"no (?:se|sabia|sabemos) (?:cuando|donde|que|si)"),
    ("control", MEDIUM, r"(?:me|nos) (?:obligaron|obligan|obliga) a|a merced de|sin poder"),
    ("control", STRONG, r"(?:me|nos) (?:mantuvieron|mantienen|mantuvo|tuvieron|"
     r"tienen) (?:informad|al tanto|al corriente)"),
    ("control", MEDIUM, r"(?:facil|sencillo|comodo) (?:de )?(?:cambiar|cancelar|gestionar|"
     r"devolver|seguir|elegir|encontrar|modificar)"),
    ("control", MEDIUM, r"(?:poder|pude|puedo) (?:elegir|decidir|gestionar|controlar)|"
     r"seguimiento del? (?:pedido|envio|paquete)"),
    ("self_expression", STRONG, r"nadie (?:me |nos )?(?:escucha|escucho|escuchan|hace caso)"),
    ("self_expression", STRONG, r"(?:escuchan|escucharon|escuchar|escuchen|escucho|"
     r"escuchaba) (?:a )?(?:los clientes|la gente|el personal|los empleados|mi|mis|nosotros|me|"
     r"nos)"),
    ("self_expression", MEDIUM, r"mi (?:opinion|voz|sugerencia|punto de vista|idea)|(?:dar|decir|"
     r"expresar) (?:mi|nuestra) opinion|expresarme"),
    ("self_expression", MEDIUM, r"personaliza\w*|a mi (?:gusto|manera|estilo)|"
     r"mi (?:propio )?estilo|(?:ser|sentirme) yo mism[oa]"),
    ("self_expression", MEDIUM, r"(?:ignoraron|ignoran|ignoro) (?:mi|mis|nuestra|"
     r"nuestras) (?:queja|opinion|sugerencia|propuesta)"),
    ("growth", STRONG, r"(?:aprendi|aprender|aprendo|aprendiendo|aprendido) (?:mucho|a|como|"
     r"cosas|algo)"),
    ("growth", STRONG, r"(?:me|nos) (?:ayudo|ayuda|ayudaron|ayudan) a (?:mejorar|aprender|crecer|"
     r"conseguir|ahorrar|progresar)"),
    ("growth", MEDIUM, r"(?:me |nos )?(?:enseno|ensenaron|ensena)|(?:nuevas? )?(?:habilidades|"
     r"competencias)|mejorar (?:mi|mis)"),
    ("growth", MEDIUM, r"(?:formacion|carrera profesional|desarrollo profesional|crecimiento|"
     r"ascenso|promocion interna|curso|cursos|mentor\w*)"),
    ("growth", STRONG, r"(?:sin|no hay|ningun|ninguna) (?:futuro|posibilidad de (?:crecer|"
     r"ascender)|promocion|desarrollo)"),
    ("growth", MEDIUM, r"(?:cumplir|alcanzar|conseguir|lograr) (?:mis|nuestros) (?:metas|"
     r"objetivos)"),
    ("recognition", STRONG, r"cliente (?:fiel|de toda la vida|habitual|desde hace|de hace)"),
    ("recognition", STRONG, r"(?:llevo|llevamos|desde hace|mas de) (?:\d+|muchos|varios|dos|tres|"
     r"cuatro|cinco|seis|siete|ocho|nueve|diez|quince|veinte) anos (?:como cliente|comprando|"
     r"con ustedes|con vosotros|siendo cliente)"),
    ("recognition", STRONG, r"(?:me siento|me senti|nos sentimos|sentirme|"
     r"me hicieron sentir) (?:muy )?(?:valorad[oa]s?|apreciad[oa]s?|un numero|invisible|"
     r"ninguneado|especial|importante)"),
    ("recognition", STRONG, r"(?:me|nos) (?:trataron|tratan|trata|trato) como (?:un numero|"
     r"basura|a un rey|una reina|un delincuente|un tonto|idiota)"),
    ("recognition", MEDIUM, r"(?:recordaba|recuerda|sabia|sabe|saben) mi nombre"),
    ("recognition", MEDIUM, r"(?:premi\w*|recompens\w*|valor\w*|reconoc\w*|agradec\w*) (?:la|mi|"
     r"nuestra|el) (?:fidelidad|lealtad|esfuerzo|trabajo)"),
    ("recognition", MEDIUM, r"(?:ni (?:un|una)|ningun|sin) (?:gracias|agradecimiento|"
     r"reconocimiento|disculpa|perdon)"),
    ("belonging", STRONG, r"(?:parte de la|como de la|como en) (?:familia|casa|comunidad)|"
     r"parte del equipo"),
    ("belonging", STRONG, r"(?:me|nos) (?:senti|sentimos|siento|"
     r"hicieron sentir) (?:muy )?(?:bienvenid|como en casa|parte|fuera de lugar|excluid|integrad)"),
    ("belonging", MEDIUM, r"comunidad|pertenec\w*|tienda de (?:barrio|siempre)|(?:mi|"
     r"nuestro) barrio"),
    ("belonging", MEDIUM, r"companer(?:os|as|ismo)|buen ambiente|trabajo en equipo|"
     r"(?:todo )?el equipo"),
    ("care", STRONG, r"se (?:preocup\w*|desvivieron|desvive)|(?:fueron|fue|ir) mas alla|"
     r"hicieron todo lo posible"),
    ("care", STRONG, r"(?:no|nadie) (?:les?|nos) (?:importa|importo|importamos|importaba)|"
     r"(?:les?|nos) (?:da|dio|daba) igual"),
    ("care", STRONG, r"(?:falta de|sin|ninguna|cero) (?:empatia|sensibilidad|humanidad|compasion)"),
    ("care", MEDIUM, r"(?:me|nos) (?:atendieron|trataron|atendio|trato) con (?:mucho )?(?:carino|"
     r"paciencia|respeto|amabilidad|mimo|cuidado)"),
    ("care", MEDIUM, r"(?:se tomo|se tomaron) (?:el tiempo|la molestia)|(?:me|nos) tranquiliz\w*|"
     r"(?:cuidaron|cuidan|cuida) (?:de )?(?:mi|nosotros|nos|los clientes)"),
    ("care", MEDIUM, r"empatia|comprension|paciencia|amabilidad|carino"),
    ("care", WEAK, r"(?:personal|dependient[ea]|chica|chico|senora|senor|equipo|agente|"
     r"repartidor) (?:muy )?(?:amable|atent[oa]|encantador[a]?|simpatic[oa])"),
    ("control", MEDIUM, r"poder (?:cambiar|elegir|decidir|gestionar|controlar|organizar)|"
     r"(?:quiero|necesito|queria|necesitaba) saber (?:cuando|donde|que|si)"),
    ("recognition", MEDIUM, r"(?:se acordaban|se acuerdan|se acordaron|recordaban|"
     r"recuerdan) de (?:mi|lo que|nosotros)|(?:premian|premiar|recompensan|recompensar) (?:la|mi|"
     r"nuestra) fidelidad|despues de (?:\d+|tantos|muchos) anos"),
    ("recognition", STRONG, r"(?:me siento|me senti|sentirme|me hicieron sentir|"
     r"nos hicieron sentir) (?:\w+ )?(?:valorad[oa]s?|apreciad[oa]s?|especial|ignorad[oa]s?)"),
    ("care", STRONG, r"(?:me|nos) (?:llamaron|llamo) para (?:ver|saber|preguntar) (?:como|"
     r"que tal)|se (?:preocuparon|preocupo) por (?:mi|nosotros)|(?:me|nos) (?:cuidaron|cuido)|"
     r"nadie (?:me|nos) pregunto"),
    ("growth", MEDIUM, r"(?:buen|buenos|gran|grandes) consejos?|(?:me|nos) (?:asesoraron|"
     r"asesoro)|(?:me|nos) ayudo a (?:elegir|decidir|entender)"),
    ("self_expression", MEDIUM, r"(?:mi|a mi|nuestro) (?:propio )?(?:gusto|estilo)"),
)  # fmt: skip

_EN_WARNINGS: tuple[_Pattern, ...] = (
    ("safety", STRONG, r"(?:caught|catch|catches|catching|set on|burst into|"
     r"went up in) (?:on )?(?:fire|flames)|on fire|fire hazard|started a fire"),
    ("safety", STRONG, r"(?:smoke|smoking|smoked) (?:came|coming|started|poured|from)|"
     r"burning smell|smell of burning|smelt of burning|smelled of burning|(?:spark|sparks|"
     r"sparked|sparking)"),
    ("safety", STRONG, r"electric(?:al)? shock|electrocut\w*|got a shock|exposed wires?|"
     r"live wires?"),
    ("safety", STRONG, r"(?:overheat\w*|melted|melting|explod\w*|exploded|blew up|burst)"),
    ("safety", STRONG, r"(?:burn|burnt|burned|burns|cut|injured|hurt|scalded) (?:myself|himself|"
     r"herself|my|his|her|their|me|him|them|the (?:child|baby|kids?))"),
    ("safety", STRONG, r"(?:injur\w*|bleeding|stitches|concussion|broken (?:arm|leg|wrist|bone)|"
     r"hospital|a&e|emergency room|ambulance)"),
    ("safety", STRONG, r"(?:chok\w*|allergic reaction|anaphyla\w*|food poisoning|poisoned|"
     r"made (?:me|us|my \w+) (?:sick|ill|vomit))"),
    ("safety", MEDIUM, r"(?:dangerous|unsafe|hazard\w*|safety (?:issue|concern|risk|hazard)|"
     r"health (?:risk|hazard)|could have (?:killed|hurt|injured)|(?:slipped|tripped|fell) (?:on|"
     r"over)|sharp edges?|broken glass|mou?ld(?:y)?|rotten|out of date|past (?:its|"
     r"the) use[- ]by)"),
    ("legal_threat", STRONG, r"(?:lawyer|solicitor|attorney|legal action|legal advice|lawsuit|"
     r"small claims|sue|suing|sued|(?:to|in) court|court case|trading standards|ombudsman|"
     r"citizens advice|consumer rights|chargeback|financial conduct authority)"),
    ("legal_threat", MEDIUM, r"(?:report|reporting|reported) (?:you|this|it|them|the company) to|"
     r"(?:breach of|broke the) (?:contract|law)|my (?:legal )?rights|illegal|unlawful|regulator"),
    ("vulnerable_customer", STRONG, r"(?:elderly|pensioner|\d{2}[- ]year[- ]old (?:mother|father|"
     r"mum|mom|dad|gran\w*|woman|man|lady|neighbou?r|customer)|old age)"),
    ("vulnerable_customer", STRONG, r"(?:disabled|disability|wheelchair|mobility (?:issues?|"
     r"problems?|scooter)|blind|deaf|hard of hearing|visually impaired|hearing impaired|autis\w*|"
     r"dementia|alzheimer\w*|learning difficult\w*)"),
    ("vulnerable_customer", STRONG, r"(?:cancer|chemo\w*|terminal(?:ly)? ill|seriously ill|"
     r"hospitali[sz]ed|just had (?:surgery|an operation)|recovering from)"),
    ("vulnerable_customer", STRONG, r"(?:bereave\w*|passed away|funeral|widow\w*|(?:husband|wife|"
     r"mother|father|mum|mom|dad|son|daughter|partner|brother|sister) (?:died|passed)|"
     r"lost my (?:husband|wife|mother|father|mum|mom|dad|son|daughter|partner))"),
    ("vulnerable_customer", STRONG, r"(?:mental health|depress(?:ion|ed)|anxiety|panic attacks?|"
     r"suicid\w*|self[- ]harm)"),
    ("vulnerable_customer", STRONG, r"(?:can't|cannot|can not) afford|struggling (?:financially|"
     r"to pay|to make ends meet)|in debt|lost my job|unemployed|on benefits|universal credit|"
     r"food bank"),
    ("vulnerable_customer", MEDIUM, r"(?:pregnan\w*|newborn|single (?:mum|mom|parent)|carer|"
     r"caring for my|domestic (?:abuse|violence)|vulnerable|live alone|housebound)"),
    ("churn_intent", STRONG, r"(?:cancel\w*|close|closing|closed|end|ending|terminate) (?:my|our|"
     r"the) (?:account|subscription|membership|contract|card|policy|plan)"),
    ("churn_intent", STRONG, r"take (?:my|our) (?:business|custom|money) elsewhere|(?:shop|"
     r"shopping|order|buy|go|going) (?:elsewhere|somewhere else)"),
    ("churn_intent", STRONG, r"(?:switch\w*|mov\w*|go\w*|changing|"
     r"change) (?:over )?to (?:a )?(?:competitor|another (?:company|provider|bank|shop|store|"
     r"supplier)|a different (?:company|provider|bank|shop|store|supplier))"),
    ("churn_intent", STRONG, r"never (?:shop|shopping|order|ordering|buy|buying|use|using|come|"
     r"coming|go|going|fly|flying|stay|staying|deal|dealing)\w* (?:here |there |from you |"
     r"with you |with (?:this|them) )?(?:again|back|anymore)"),
    ("churn_intent", STRONG, r"(?:won't|will not|wont|not going to|never going to|i'll never|"
     r"i will never) (?:be )?(?:shop|order|buy|use|come|return|go|fly|stay|deal|"
     r"renew)\w*(?: \w+){0,3}? (?:again|back|anymore|any more)"),
    ("churn_intent", STRONG, r"(?:last straw|done with (?:you|this company|them)|lost (?:a|my|"
     r"our) (?:customer|custom|business)|(?:you've|you have) lost a customer|"
     r"looking for (?:another|alternative|a new) (?:provider|company|supplier|bank))"),
    ("churn_intent", MEDIUM, r"(?:leaving|leave) (?:you|this (?:company|bank|provider|shop|"
     r"store))|unsubscrib\w*|(?:not|won't|will not) (?:be )?renew\w*"),
    ("discrimination", STRONG, r"(?:racis\w*|racial\w*|sexis\w*|homophob\w*|transphob\w*|"
     r"xenophob\w*|discriminat\w*|prejudice\w*|bigot\w*|ableis\w*|misogyn\w*|islamophob\w*|"
     r"antisemit\w*|slurs?)"),
    ("discrimination", STRONG, r"because (?:of )?(?:i'm|i am|we are|we're|my|our|of my|"
     r"of our) (?:black|asian|muslim|jewish|gay|lesbian|trans|disabled|a woman|a girl|foreign\w*|"
     r"an immigrant|skin|colou?r|accent|religion|race|ethnicity|age|disability|gender|headscarf|"
     r"hijab|turban|wheelchair|sexuality)"),
    ("discrimination", STRONG, r"(?:treated|looked at|spoke to|spoken to) (?:me |"
     r"us )?differently because|(?:racially|being) profiled|(?:refused|denied) (?:service|"
     r"entry) because"),
    ("discrimination", MEDIUM, r"(?:followed|watched) (?:me |us )?(?:around|"
     r"the whole time) (?:the store|the shop)?"),
    ("public_escalation", STRONG, r"(?:post|posting|posted|share|sharing|shared|put|putting|"
     r"write|writing|tweet\w*|plaster\w*) (?:this|it|about (?:this|you|it)|everywhere) (?:on|"
     r"all over|across) (?:twitter|x|facebook|instagram|tiktok|social media|reddit|youtube|"
     r"linkedin|trustpilot|google|every review site)"),
    ("public_escalation", STRONG, r"(?:tell|telling|warn|warning) (?:everyone|everybody|"
     r"all my (?:friends|followers|family)|the world|others|people)|go(?:ing|es)? viral|"
     r"went viral"),
    ("public_escalation", STRONG, r"(?:the press|newspaper|journalist|the media|bbc|watchdog|"
     r"local news|consumer programme|tv programme|my mp|member of parliament|councillor)"),
    ("public_escalation", MEDIUM, r"(?:on|to|across|all over) (?:twitter|facebook|instagram|"
     r"tiktok|reddit|youtube|linkedin)|(?:social media|trustpilot|tripadvisor|yelp|"
     r"google reviews?|one[- ]star review|bad review|negative review|review sites?)"),
    ("churn_intent", STRONG, r"never (?:shop|shopping|order|ordering|buy|buying|use|using|coming|"
     r"going|dealing)(?: \w+){1,3}? again"),
    ("churn_intent", STRONG, r"(?:this|that|it) (?:was|is|will be) (?:my|"
     r"our) (?:very )?last (?:order|purchase|visit|booking|time)|(?:my|our) last (?:order|"
     r"purchase|visit) (?:with|from) you"),
    ("churn_intent", STRONG, r"(?:switch\w*|mov\w*|go\w*|changing|"
     r"change) (?:over )?to another (?:\w+ )?(?:retailer|brand|supermarket|airline|network|"
     r"insurer|operator|service|firm|company|provider|bank|shop|store|supplier)"),
    ("churn_intent", MEDIUM, r"cancel\w* (?:my|our|the) \w+ (?:pass|subscription|membership|plan|"
     r"contract)"),
    ("public_escalation", STRONG, r"(?:leav|writ|post|put)\w* (?:a |an |bad |negative |terrible |"
     r"honest )*reviews? (?:everywhere|on every|all over|wherever|online|on all)"),
    ("public_escalation", STRONG, r"make sure (?:everyone|everybody|people|others|"
     r"the world) (?:knows|hears|finds out|sees)"),
    ("public_escalation", STRONG, r"(?:local|national) papers?|the papers|consumer programmes?|"
     r"(?:press|media|newspapers?) will (?:hear|be hearing) (?:about|of|from)"),
    ("vulnerable_customer", STRONG, r"(?:heart|lung|kidney|medical|health|chronic) (?:condition|"
     r"disease|illness|problems?)|dialysis|on oxygen|chronic pain"),
    ("vulnerable_customer", STRONG, r"i(?:'m| am) (?:[7-9]\d|1[01]\d)(?: years old|"
     r" years of age)?\b|(?:live|living) (?:on my own|by myself|alone)"),
    ("safety", STRONG, r"(?:fell|came down|collapsed|toppled|crashed down) (?:on|onto) (?:me|us|"
     r"my)|(?:almost|nearly) (?:landed on|fell on|hit|crushed|killed) (?:me|us|my)"),
)  # fmt: skip

_ES_WARNINGS: tuple[_Pattern, ...] = (
    ("safety", STRONG, r"(?:se incendio|en llamas|prendio fuego|salio ardiendo|(?:salio|salia|"
     r"echaba|echo) humo|olor a quemado|olia a quemado|chispas|chispazo)"),
    ("safety", STRONG, r"(?:descarga electrica|calambrazo|cables? pelados?|se sobrecalent\w*|"
     r"sobrecalent\w*|se derritio|derretid[oa]|exploto|estallo|reviento)"),
    ("safety", STRONG, r"(?:me queme|se quemo|quemadura\w*|me corte|se corto|herid[oa]s?|"
     r"lesion\w*|hospital|urgencias|ambulancia|puntos de sutura)"),
    ("safety", STRONG, r"(?:intoxicacion|intoxicad[oa]|reaccion alergica|alergia|atragant\w*|"
     r"me (?:puse|sento) (?:malo|mala|enferm[oa]))"),
    ("safety", MEDIUM, r"(?:peligros[oa]|insegur[oa]|riesgo para la salud|pudo (?:matar|herir|"
     r"hacer dano)|(?:me|se) resbal\w*|(?:me|se) cayo|me cai|cristales rotos|caducad[oa]|"
     r"en mal estado|podrid[oa]|moho)"),
    ("legal_threat", STRONG, r"(?:abogad[oa]|denuncia\w*|juicio|tribunal\w*|juzgado|"
     r"accion(?:es)? legal(?:es)?|via judicial|(?:les?|os|te|lo|la) (?:voy a |"
     r"vamos a )?demand\w*|poner una demanda|hoja de reclamaciones|oficina del consumidor|omic|"
     r"facua|ocu|profeco|defensa del consumidor|consumo)"),
    ("legal_threat", MEDIUM, r"(?:mis derechos|derechos del consumidor|ilegal|incumpl\w* (?:el|"
     r"del) contrato|(?:voy a )?(?:reclamar|reportar) (?:ante|a) )"),
    ("vulnerable_customer", STRONG, r"(?:anciano|ancian[oa]|persona mayor|personas mayores|"
     r"jubilad[oa]|pensionista|(?:mi|su) (?:madre|padre|abuela|abuelo) (?:de|tiene) \d{2})"),
    ("vulnerable_customer", STRONG, r"(?:discapacidad|discapacitad[oa]|minusvalid[oa]|"
     r"silla de ruedas|movilidad reducida|ciego|ciega|invidente|sordo|sorda|demencia|alzheimer|"
     r"autis\w*)"),
    ("vulnerable_customer", STRONG, r"(?:cancer|quimio\w*|enfermedad grave|enferm[oa] terminal|"
     r"hospitalizad[oa]|recien operad[oa]|me acaban de operar)"),
    ("vulnerable_customer", STRONG, r"(?:fallecio|fallecid[oa]|fallecimiento|ha muerto|"
     r"murio (?:mi|su)|funeral|entierro|viud[oa]|luto|perdi a mi)"),
    ("vulnerable_customer", STRONG, r"(?:depresion|ansiedad|salud mental|ataques? de panico|"
     r"suicid\w*)"),
    ("vulnerable_customer", STRONG, r"(?:no (?:me )?(?:puedo|podemos) permitir|no (?:llego|"
     r"llegamos) a fin de mes|deudas?|en paro|desemplead[oa]|me quede sin trabajo|"
     r"banco de alimentos)"),
    ("vulnerable_customer", MEDIUM, r"(?:embarazad[oa]|recien nacido|madre soltera|padre soltero|"
     r"cuidador[a]?|violencia de genero|vulnerable|vivo sol[oa])"),
    ("churn_intent", STRONG, r"(?:dar(?:me|nos)? de baja|me (?:doy|he dado|di) de baja|"
     r"cancelar (?:mi|la|nuestra) (?:cuenta|suscripcion|tarjeta|contrato|poliza)|cerrar (?:mi|"
     r"la) cuenta)"),
    ("churn_intent", STRONG, r"(?:me voy|me cambio|cambiarme|me paso|nos vamos|"
     r"nos cambiamos) (?:a|con) (?:la )?(?:competencia|otra (?:empresa|compania|tienda|marca|"
     r"cadena|operadora)|otro (?:banco|proveedor|supermercado))"),
    ("churn_intent", STRONG, r"no (?:vuelvo|volvere|volveremos|pienso volver|"
     r"voy a volver) a (?:comprar|pedir|ir|confiar|contratar|pisar)|nunca (?:mas|volvere)|"
     r"(?:compro|comprare|comprar) en otro sitio|(?:han|habeis) perdido (?:a )?un cliente|"
     r"ultima vez que (?:compro|pido|voy)"),
    ("churn_intent", MEDIUM, r"buscar(?:e|emos)? otra (?:empresa|compania|tienda|alternativa|"
     r"opcion)|se acabo|no (?:pienso|voy a) renovar"),
    ("discrimination", STRONG, r"(?:racis\w*|discrimin\w*|machis\w*|sexis\w*|homofob\w*|"
     r"xenofob\w*|transfob\w*|prejuicio\w*)"),
    ("discrimination", STRONG, r"por (?:ser|mi|su) (?:mujer|extranjer[oa]|negr[oa]|gitan[oa]|gay|"
     r"lesbiana|inmigrante|musulman[a]?|discapacitad[oa]|color|acento|origen|religion|edad|"
     r"discapacidad|aspecto|velo)"),
    ("discrimination", STRONG, r"(?:me|nos) (?:trataron|tratan|miraron) (?:de forma |"
     r"de manera )?diferente|trato diferente por|(?:me|nos) (?:negaron|nego) (?:la entrada|"
     r"el servicio) por"),
    ("public_escalation", STRONG, r"(?:publicar(?:lo|e)?|compartir(?:lo|e)?|subir(?:lo|e)?|"
     r"contar(?:lo|e)?) (?:en|por) (?:las )?(?:redes|twitter|facebook|instagram|tiktok|youtube|"
     r"internet|google)"),
    ("public_escalation", STRONG, r"(?:lo voy a|voy a) (?:publicar|contar|compartir|difundir)|"
     r"(?:contar|decir)selo a todo el mundo|(?:avisare|avisar|contare|contar) a (?:todos|"
     r"todo el mundo|mis amigos|mis seguidores)|hacer(?:lo)? viral|se (?:hara|va a hacer) viral"),
    ("public_escalation", STRONG, r"(?:la prensa|periodic\w*|periodista|television|los medios|"
     r"medios de comunicacion)"),
    ("public_escalation", MEDIUM, r"(?:en|por) (?:twitter|facebook|instagram|tiktok|youtube)|"
     r"(?:redes sociales|trustpilot|tripadvisor|google maps|resena negativa|mala resena|"
     r"opinion negativa|una estrella)"),
    ("churn_intent", STRONG, r"(?:mi|nuestra) ultima (?:compra|visita|vez|reserva|pedido)|(?:fue|"
     r"es|sera) la ultima vez|nunca (?:mas )?(?:vuelvo|volvere) a"),
    ("public_escalation", STRONG, r"(?:llevar|contar|sacar|salir|denunciar)\w* (?:esto |"
     r"lo )?(?:a|en) (?:la tele|la television|los periodicos|el periodico|la radio|los medios)|"
     r"(?:resenas?|opiniones|comentarios) (?:negativ[oa]s? )?(?:en todas partes|por todas partes|"
     r"en todos (?:los )?(?:sitios|lados)|en internet)"),
    ("vulnerable_customer", STRONG, r"(?:problemas? de corazon|enfermedad cronica|del corazon|"
     r"dialisis|dolor cronico)|tengo (?:[7-9]\d|1[01]\d) anos|vivo sol[oa]"),
)  # fmt: skip

_NEGATORS = {
    "en": r"(?:not|no|never|don't|dont|doesn't|didn't|won't|wasn't|isn't|nothing|without|hardly)",
    "es": r"(?:no|nunca|jamas|ni|sin|nada|tampoco)",
}
_ACCENTED = {"a": "á", "e": "é", "i": "í", "o": "ó", "u": "úü", "n": "ñ"}


def _accent_tolerant(pattern: str) -> str:
    # Patterns are written without accents; let each vowel (and n for ñ) match its accented
    # forms, inside character classes too. Letters after a backslash are escapes (\w, \d).
    out: list[str] = []
    escaped = False
    in_class = False
    for char in pattern:
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            out.append(char)
            escaped = True
        elif char == "[":
            in_class = True
            out.append(char)
        elif char == "]":
            in_class = False
            out.append(char)
        elif char in _ACCENTED:
            accents = _ACCENTED[char]
            out.append(char + accents if in_class else f"[{char}{accents}]")
        else:
            out.append(char)
    return "".join(out)


# A word a match can begin with: its text and kind ("word": the whole token; "prefix": the
# token starts with it; "digit": the match starts with a digit, text empty).
_Lead = tuple[str, str]
# What a scanner knows about one token that can begin a match: the alternatives it begins
# whatever follows; those it begins when the next token is a given word; and those it begins
# when the next token starts with a given prefix.
_Trigger = tuple[tuple[int, ...], dict[str, tuple[int, ...]], tuple[tuple[str, int], ...]]
_NO_TRIGGER: _Trigger = ((), {}, ())


class _Scanner:
    """The patterns of one language, dispatched on the first two words a match can start with.

    Each top-level alternative of every pattern is analysed once for the words it can begin
    with (``"no way"``, ``"couldn't change"``...), or the prefixes of those words (``"racis"``
    for ``racis\\w*``). A text is then checked token by token with one dictionary lookup each,
    the next token settles two-word starts, and a regular expression runs only where a match
    can begin: most texts never reach one.
    """

    def __init__(self, language: str) -> None:
        tables: list[tuple[Category, tuple[_Pattern, ...]]] = (
            [("need", _EN_NEEDS), ("warning", _EN_WARNINGS)]
            if language == "en"
            else [("need", _ES_NEEDS), ("warning", _ES_WARNINGS)]
        )
        self.groups: dict[str, tuple[Category, str, float]] = {}
        self._sources: list[str] = []
        self._words: dict[str, list[tuple[int, str, str]]] = {}
        self._prefixes: dict[str, list[tuple[int, str, str]]] = {}
        self._digits: list[int] = []
        for category, patterns in tables:
            for number, (name, strength, pattern) in enumerate(patterns):
                group = f"{category[0]}{number}"
                self.groups[group] = (category, name, strength)
                for alternative in _top_alternatives(pattern):
                    self._add(alternative, group, language)
        self._prefix_sizes = sorted({len(prefix) for prefix in self._prefixes})
        self.has_digit_starts = bool(self._digits)
        self._by_token: dict[str, _Trigger | None] = {}
        self._keys: dict[str, str] = {}
        # Each alternative is compiled the first time a text may need it.
        self._expressions: list[re.Pattern[str] | None] = [None] * len(self._sources)
        self.negation = re.compile(
            r"\b"
            + (_accent_tolerant(_NEGATORS[language]) if language == "es" else _NEGATORS[language])
            + rf"\b(?:\W+\w+){{0,{_NEGATION_WINDOW - 1}}}\W*$"
        )

    def _add(self, alternative: str, group: str, language: str) -> None:
        position = len(self._sources)
        body = _accent_tolerant(alternative) if language == "es" else alternative
        self._sources.append(f"(?P<{group}_{position}>{body})")
        leads = _leading_words(alternative)
        if leads is None:
            raise ValueError(  # a pattern table error, caught by the unit tests
                f"Cannot tell how the {language} pattern {alternative!r} starts."
            )
        for lead in leads:
            (text, kind), second = lead[0], lead[1] if len(lead) > 1 else ("", "")
            if kind == "digit":
                self._digits.append(position)
                continue
            table = self._words if kind == "word" else self._prefixes
            table.setdefault(text, []).append((position, *second))

    def key(self, token: str) -> str:
        """The form patterns are written in: accent-free, with n also standing for ñ."""
        key = self._keys.get(token)
        if key is None:
            key = fold(token).replace("ñ", "n")
            if len(self._keys) >= _MAX_WORDS:
                self._keys.clear()
            self._keys[token] = key
        return key

    def trigger(self, token: str) -> _Trigger | None:
        """What ``token`` (lower case) can begin, or ``None`` when it begins nothing."""
        if token in self._by_token:
            return self._by_token[token]
        key = self.key(token)
        chosen = set(self._words.get(key, ()))
        if "'" in key:
            # A match may end at the apostrophe: "youtube" in "youtube's".
            chosen.update(self._words.get(key.split("'", 1)[0], ()))
        for size in self._prefix_sizes:
            if size > len(key):
                break
            chosen.update(self._prefixes.get(key[:size], ()))
        found: _Trigger | None = None
        if chosen:
            anywhere = tuple(sorted({position for position, text, _ in chosen if not text}))
            followed: dict[str, list[int]] = {}
            prefixed: list[tuple[str, int]] = []
            for position, text, kind in sorted(chosen):
                if text and kind == "word":
                    followed.setdefault(text, []).append(position)
                elif text:
                    prefixed.append((text, position))
            found = (anywhere, {k: tuple(v) for k, v in followed.items()}, tuple(prefixed))
        if len(self._by_token) >= _MAX_WORDS:
            self._by_token.clear()
        self._by_token[token] = found
        return found

    def hits(self, tokens: Sequence[str]) -> list[tuple[int, tuple[int, ...]]]:
        """Tokens where a match may begin (by index), with the alternatives to try there."""
        known = self._by_token
        triggers = [known.get(token, _NO_TRIGGER) for token in tokens]
        if _NO_TRIGGER in triggers:
            triggers = [
                trigger if trigger is not _NO_TRIGGER else self.trigger(token)
                for trigger, token in zip(triggers, tokens, strict=True)
            ]
        found: list[tuple[int, tuple[int, ...]]] = []
        last = len(tokens) - 1
        for index in [index for index, trigger in enumerate(triggers) if trigger]:
            anywhere, followed, prefixed = triggers[index]  # type: ignore[misc]  # not None here
            alternatives = anywhere
            if index < last and (followed or prefixed):
                following = self.key(tokens[index + 1])
                more = followed.get(following, ())
                more += tuple(p for text, p in prefixed if following.startswith(text))
                if more:
                    alternatives = tuple(sorted(set(alternatives + more)))
            if alternatives:
                found.append((index, alternatives))
        return found

    def candidates(
        self, tokens: Sequence[str], lowered: str, hits: list[tuple[int, tuple[int, ...]]]
    ) -> list[tuple[int, tuple[int, ...]]]:
        """Offsets in ``lowered`` where matches may start, with the alternatives to try.

        Args:
            tokens: The text's tokens.
            lowered: The text in lower case, apostrophes normalised.
            hits: What :meth:`hits` found in ``tokens``.
        """
        digits = self.has_digit_starts and _DIGIT.search(lowered) is not None
        if not hits and not digits:
            return []
        spans = [word.start() for word in _WORD.finditer(lowered)]
        if len(spans) != len(tokens):
            # Tokens of another tokenisation (a rare case mapping): read the text's own.
            words = list(_WORD.finditer(lowered))
            spans = [word.start() for word in words]
            hits = self.hits([word.group() for word in words])
        found = [(spans[index], alternatives) for index, alternatives in hits]
        if digits:
            every = tuple(self._digits)
            found += [(digit.start(), every) for digit in _DIGIT_START.finditer(lowered)]
            found.sort(key=lambda item: item[0])
        return found

    def match(
        self, lowered: str, begin: int, alternatives: tuple[int, ...]
    ) -> re.Match[str] | None:
        """The first of ``alternatives`` (in pattern order) matching at ``begin``, if any."""
        for position in alternatives:
            expression = self._expressions[position]
            if expression is None:
                expression = re.compile(self._sources[position] + r"(?![\w])")
                self._expressions[position] = expression
            found = expression.match(lowered, begin)
            if found is not None:
                return found
        return None


_DIGIT = re.compile(r"\d")
_CLAUSE_END = re.compile(r"[.!?;:\n]")
_DIGIT_START = re.compile(r"(?<!\w)\d")
_MAX_WORDS = 300_000
# Letters and the apostrophe continue a word; anything else ends it.
_WORD_CHARACTER = re.compile(r"[^\W\d_]|'")
_LEAD_WORDS = 2  # how many leading words of a pattern dispatch it
# While analysing a pattern: (words read, word being read, still reading).
_State = tuple[tuple[_Lead, ...], str, bool]
_AWAIT = "\x00"  # marks a state whose word went on for an unknown length


def _leading_words(pattern: str) -> set[tuple[_Lead, ...]] | None:
    """The first words a match of ``pattern`` can begin with, or ``None`` when unknown.

    Each result holds one or two words, ``(text, kind)``: ``word`` (the whole token),
    ``prefix`` (the token starts with the text, as in ``racis\\w*``) or ``digit`` (the match
    starts with a digit). One word means the analysis could not tell the second.
    """
    from re import _constants as c  # type: ignore[attr-defined]  # noqa: PLC0415  # internal
    from re import _parser  # type: ignore[attr-defined]  # noqa: PLC0415  # internal

    # re's own parser reads the pattern; typeshed does not describe it. Finished states stop
    # growing.
    limit = 6_000  # states of one pattern; beyond this the analysis gives up

    def finish(done: tuple[_Lead, ...], current: str, kind: str) -> _State | None:
        if current == _AWAIT:
            return (done, "", False)
        if current:
            done = (*done, (current, kind))
            # After a prefix the word runs on; the next word starts after a separator.
            return (done, "" if kind == "word" else _AWAIT, len(done) < _LEAD_WORDS)
        return (done, "", False) if done else None

    def step(state: _State, letters: list[str], others: str) -> set[_State] | None:
        done, current, _ = state
        if current == _AWAIT:
            # A prefix word must end here; letters would continue it in unknown ways.
            return {(done, "", others == "boundary")}
        grown = {(done, current + letter, True) for letter in letters}
        if others == "boundary":
            if current:
                ended = finish(done, current, "word")
                grown.add(ended)  # type: ignore[arg-type]  # a non-empty word always ends
            elif done:
                grown.add(state)  # separators between words
            elif not letters:
                return None
        elif others:
            if not current and not done and others == "digit":
                grown.add(((("", "digit"),), "", False))
            else:
                ended = finish(done, current, "prefix")
                if ended is None:
                    return None
                grown.add(ended)
        return grown

    def close(states: set[_State], kind: str) -> set[_State] | None:
        closed: set[_State] = set()
        for done, current, reading in states:
            if not reading or current == _AWAIT:
                closed.add((done, current, reading))
                continue
            ended = finish(done, current, kind)
            if ended is None:
                return None
            if ended[2] and kind == "prefix":
                # A word of unknown length may still be followed by a second word.
                closed.add(ended)
            else:
                closed.add((ended[0], "", False))
        return closed

    def extend(states: set[_State], items: list[Any]) -> set[_State] | None:
        for op, arg in items:
            reading = {state for state in states if state[2]}
            if not reading:
                return states
            result = states - reading
            if op is c.LITERAL or op is c.IN:
                letters, others = _class_members(op, arg)
                if letters is None:
                    return None
                for state in reading:
                    grown = step(state, letters, others)
                    if grown is None:
                        return None
                    result |= grown
            elif op is c.SUBPATTERN:
                inner = extend(reading, list(arg[-1]))
                if inner is None:
                    return None
                result |= inner
            elif op is c.BRANCH:
                for branch in arg[1]:
                    inner = extend(reading, list(branch))
                    if inner is None:
                        return None
                    result |= inner
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
                low, high, body = arg
                once = extend(reading, list(body))
                if once is None:
                    return None
                if (low, high) == (0, 1):
                    result |= reading | once
                elif (low, high) == (1, 1):
                    result |= once
                else:
                    # Repeated words or letters: what follows cannot be told.
                    closed = close(once | reading if not low else once, "prefix")
                    if closed is None:
                        return None
                    result |= closed
            elif op is c.AT:
                result |= reading
            else:
                closed = close(reading, "prefix")
                if closed is None:
                    return None
                result |= closed
            if len(result) > limit:
                return None
            states = result
        return states

    states = extend({((), "", True)}, list(_parser.parse(pattern)))
    if states is None:
        return None
    closed = close(states, "word")
    if closed is None or any(not done for done, _, _ in closed):
        return None
    return {done for done, _, _ in closed}


def _class_members(op: Any, arg: Any) -> tuple[list[str] | None, str]:
    # The letters a LITERAL or IN item can match, and what else: "boundary" (a character that
    # ends a word), "digit", "any" (some word character not listed) or "" (nothing else).
    from re import _constants as c  # type: ignore[attr-defined]  # noqa: PLC0415  # internal

    items = [(c.LITERAL, arg)] if op is c.LITERAL else list(arg)
    if any(kind is c.NEGATE for kind, _ in items):
        return [], "any"
    letters: list[str] = []
    others = ""
    for kind, value in items:
        if kind is c.LITERAL:
            char = chr(value)
            if _WORD_CHARACTER.match(char):
                letters.append(char)
            elif char.isdigit():
                others = "digit"
            else:
                others = others or "boundary"
        elif kind is c.CATEGORY and value is c.CATEGORY_DIGIT:
            others = "digit"
        elif kind in (c.CATEGORY, c.RANGE, c.NEGATE):
            others = "any"
        else:
            return None, ""
    return letters, others


@lru_cache(maxsize=4)
def _scanner(language: str) -> _Scanner:
    return _Scanner(language)


def _top_alternatives(pattern: str) -> list[str]:
    # Split "a|b|(?:c|d)" at its top-level bars, so that each alternative is dispatched on its
    # own first words.
    pieces: list[str] = []
    depth = 0
    escaped = False
    in_class = False
    current: list[str] = []
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            pieces.append("".join(current))
            current = []
            continue
        current.append(char)
    pieces.append("".join(current))
    return pieces


def find_signals(text: str, language: str, tokens: Sequence[str] | None = None) -> list[Signal]:
    """Every need and warning in ``text``, strongest first within each category.

    Args:
        text: The verbatim, exactly as written.
        language: ``en`` or ``es``; any other code is scanned with both languages' patterns.
        tokens: The text's word tokens (:func:`centric.text.tokens.words` or their folded
            form), when already at hand; they let most texts be dismissed without a scan.

    Returns:
        The signals found, at most one per (category, name): the most confident match, with a
        small bonus when the same signal is stated more than once.

    Examples:
        >>> [s.name for s in find_signals("I will cancel my account and sue you", "en")]
        ['legal_threat', 'churn_intent']
    """
    languages: Sequence[str] = (language,) if language in ("en", "es") else ("en", "es")
    if tokens is None:
        tokens = words(text)
    lowered = ""
    best: dict[tuple[Category, str], Signal] = {}
    repeats: dict[tuple[Category, str], int] = {}
    for lang in languages:
        scanner = _scanner(lang)
        hits = scanner.hits(tokens)
        if not hits and not (scanner.has_digit_starts and _DIGIT.search(text)):
            continue
        if not lowered:
            # Apostrophes are normalised as the tokens were; the mapping keeps every offset.
            lowered = text.lower().translate(_APOSTROPHES)
            if len(lowered) != len(text):  # a rare case mapping that changes length
                lowered = "".join(char.lower()[:1] or char for char in text)
                lowered = lowered.translate(_APOSTROPHES)
        position = 0
        for begin, alternatives in scanner.candidates(tokens, lowered, hits):
            if begin < position:
                continue
            match = scanner.match(lowered, begin, alternatives)
            if match is None or match.lastgroup is None:
                continue
            position = match.end()
            category, name, strength = scanner.groups[match.lastgroup.rsplit("_", 1)[0]]
            confidence = strength
            window = lowered[max(0, match.start() - 40) : match.start()]
            # A negation in an earlier sentence or clause ("It did not fit. I will never
            # order again") does not reach this one.
            window = _CLAUSE_END.split(window)[-1]
            if scanner.negation.search(window) and not _is_negative_pattern(match.group()):
                confidence *= _NEGATED_FACTOR
            key = (category, name)
            repeats[key] = repeats.get(key, 0) + 1
            current = best.get(key)
            if current is None or confidence > current.confidence:
                best[key] = Signal(
                    category,
                    name,
                    text[match.start() : match.end()],
                    match.start(),
                    match.end(),
                    confidence,
                )
    found: list[Signal] = []
    for key, signal in best.items():
        confidence = min(0.98, signal.confidence + _REPEAT_BONUS * (repeats[key] - 1))
        if confidence >= MIN_CONFIDENCE:
            found.append(
                Signal(
                    signal.category,
                    signal.name,
                    signal.evidence,
                    signal.start,
                    signal.end,
                    round(confidence, 3),
                )
            )
    found.sort(key=lambda s: (s.category, -s.confidence, s.start))
    return found


def find_signals_batch(texts: Sequence[str], languages: Sequence[str]) -> list[list[Signal]]:
    """The needs and warnings of many texts (see :func:`find_signals`), in order."""
    return [find_signals(text, language) for text, language in zip(texts, languages, strict=True)]


def _is_negative_pattern(matched: str) -> bool:
    # Patterns that contain their own negation ("no way to", "didn't care") are not undone by
    # a negator before them.
    return bool(re.match(r"(?:no|not|never|can|couldn|didn|don|nobody|nadie|sin|nunca)\b", matched))


def strongest(signals: Sequence[Signal], category: Category) -> Signal | None:
    """The most confident signal of ``category``, or ``None``."""
    chosen = [signal for signal in signals if signal.category == category]
    return max(chosen, key=lambda s: (s.confidence, -s.start)) if chosen else None
