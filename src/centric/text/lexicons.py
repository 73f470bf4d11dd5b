"""Word lists of the languages Centric reads end to end (English, Spanish), declared as data.

Sentiment valences (-4..+4, the scale of the classic sentiment lexicons), negators, intensifiers,
contrast words, function words (for language identification and for dropping from themes) and
a glossary that maps Spanish customer-service vocabulary onto English concept terms so that one
theme gathers both languages. Entries are accent-folded lower case ("esta" for "está", "ano"
for "año"), as :func:`centric.text.tokens.fold` produces. Written from general knowledge of how
customers write about products and services, not from any one data set; this module holds data
only and must not run any analysis.
"""

from __future__ import annotations

from collections.abc import Mapping


def _valences(spec: str) -> dict[str, float]:
    # "word:1.5 other:-2" pairs, whitespace separated; multiword entries use underscores.
    table: dict[str, float] = {}
    for item in spec.split():
        word, value = item.rsplit(":", 1)
        table[word.replace("_", " ")] = float(value)
    return table


def _words(spec: str) -> frozenset[str]:
    # Whitespace-separated words.
    return frozenset(spec.split())


EN_VALENCE: dict[str, float] = _valences(
    """
    good:1.9 great:3.1 excellent:3.2 amazing:3.1 awesome:3.1 fantastic:3.3 wonderful:3.1
    brilliant:3.0 superb:3.1 outstanding:3.2 perfect:3.0 perfectly:2.7 love:3.2 loved:3.0 loves:3.0
    loving:2.8 lovely:2.8 like:1.5 liked:1.6 likes:1.5 enjoy:2.2 enjoyed:2.2 enjoying:2.2
    nice:1.8 fine:0.8 decent:1.0 ok:0.6 okay:0.6 alright:0.7 happy:2.7 pleased:2.4 glad:2.0
    satisfied:2.0 delighted:3.1 thrilled:3.0 impressed:2.5 impressive:2.6 recommend:2.0
    recommended:1.9 helpful:2.2 friendly:2.2 polite:1.8 kind:2.0 courteous:1.9 professional:1.6
    efficient:1.8 quick:1.3 quickly:1.2 fast:1.3 easy:1.8 easily:1.5 simple:1.2 smooth:1.6
    reliable:1.9 convenient:1.9 useful:1.8 handy:1.6 fun:2.3 cool:1.5 beautiful:2.7 best:3.0
    better:1.6 improved:1.5 thank:1.5 thanks:1.7 grateful:2.3 appreciate:2.0 appreciated:2.0
    super:2.4 incredible:2.9 terrific:3.1 exceptional:3.1 flawless:2.8 solid:1.3 worth:1.6
    valuable:2.0 value:0.8 bargain:1.8 affordable:1.4 comfortable:1.8 clean:1.3 tidy:1.2
    welcoming:2.0 attentive:2.0 caring:2.3 patient:1.6 knowledgeable:1.9 responsive:1.6
    accurate:1.3 fair:1.0 favourite:2.2 favorite:2.2 pleasant:2.2 pleasure:2.3 positive:1.8
    win:1.8 wow:2.5 yay:2.4 gem:2.4 stellar:2.9 fab:2.6 fabulous:3.0 phenomenal:3.1 rocks:2.4
    rock:1.6 adore:3.0 lifesaver:2.5 genius:2.3
    smart:1.5 works:0.8 working:0.4 recommendable:1.9 seamless:2.0 spotless:2.0 prompt:1.5
    sorted:1.2 resolved:1.4 fixed:1.0 saved:1.2 reasonable:1.2 accommodating:2.0 brill:2.8
    bad:-2.5 terrible:-3.1 awful:-3.1 horrible:-3.1 horrendous:-3.3 dreadful:-3.0 poor:-2.1
    poorly:-2.0 worst:-3.2 worse:-2.1 hate:-2.9 hated:-2.9 hates:-2.8 dislike:-1.9 disliked:-1.9
    disappointed:-2.4 disappointing:-2.4 disappointment:-2.4 useless:-2.6 pointless:-2.0
    broken:-2.3 broke:-2.0 faulty:-2.3 defective:-2.4 damaged:-2.2 rubbish:-2.6 garbage:-2.7
    junk:-2.6 crap:-2.6 waste:-2.3 wasted:-2.2 rude:-2.6 unhelpful:-2.3 unprofessional:-2.3
    slow:-1.4 slowly:-1.2 late:-1.4 delayed:-1.6 delay:-1.4 delays:-1.5 never:-0.6 missing:-1.5
    lost:-1.5 wrong:-1.8 error:-1.6 errors:-1.6 problem:-1.6 problems:-1.7 issue:-1.3
    issues:-1.4 fault:-1.4 complaint:-1.7 complain:-1.6 complained:-1.7 annoying:-2.1
    annoyed:-2.2 frustrating:-2.4 frustrated:-2.4 frustration:-2.3 angry:-2.7 furious:-3.0
    upset:-2.2 unhappy:-2.4 sad:-2.0 fail:-2.2 failed:-2.2 fails:-2.2 failure:-2.3
    unacceptable:-2.8 ridiculous:-2.4 joke:-1.2 shocking:-2.5 appalling:-3.1 pathetic:-2.8
    disgusting:-3.1 disgraceful:-3.0 disgrace:-2.9 nightmare:-2.8 mess:-2.0 shambles:-2.7
    scam:-3.0 rip:-0.5 overpriced:-2.0 expensive:-1.2 cheap:-0.4 flimsy:-1.8 difficult:-1.5
    hard:-0.6 confusing:-1.8 confused:-1.5 complicated:-1.5 dirty:-2.0 noisy:-1.3 cold:-0.6
    ignored:-2.2 ignore:-1.8 ignoring:-2.0 waiting:-1.0 waited:-1.3 wait:-0.8 stuck:-1.6
    cancelled:-1.3 incorrect:-1.7 inaccurate:-1.7 misleading:-2.2 lied:-2.8 lie:-2.3 lies:-2.5
    sucks:-2.7 suck:-2.5 sucked:-2.6 stupid:-2.4 dumb:-2.0 mediocre:-1.6 meh:-0.9 lacking:-1.3
    lacks:-1.3 lack:-1.2 unreliable:-2.2 unusable:-2.7 worthless:-2.9 regret:-2.2 sorry:-0.8
    unfortunately:-1.3 sadly:-1.4 dissatisfied:-2.4 unsatisfied:-2.2 incompetent:-2.8
    incompetence:-2.8 careless:-2.0 hassle:-1.8 painful:-2.0 inconvenient:-1.7 worried:-1.8
    concerned:-1.2 scared:-2.0 dangerous:-2.6 unsafe:-2.5 stressful:-2.2 stress:-1.8
    nightmarish:-2.9 dreadfully:-2.5 glitch:-1.4 glitchy:-1.8 buggy:-1.9 crashes:-1.8
    crashed:-1.8 crash:-1.6 freezes:-1.7 disconnects:-1.6 died:-2.0 dead:-1.9 refund:-0.4
    return:-0.3 returned:-0.6 returning:-0.6 fuming:-2.9 livid:-3.0 outrageous:-2.8
    outraged:-3.0 sloppy:-2.0 lousy:-2.6 lame:-1.8 bland:-1.2 boring:-1.6
    dull:-1.3 overcharged:-2.3 charged:-0.4 unanswered:-1.8 unresolved:-1.9 hopeless:-2.5
    filthy:-2.6 grubby:-1.8 smelly:-1.9 stinks:-2.2 stank:-2.0 vanished:-1.6 disappeared:-1.4
    froze:-1.5 scratched:-1.6 dented:-1.6 cracked:-1.9 smashed:-2.2 shattered:-2.0 leaking:-1.8
    leaks:-1.6 leaked:-1.7 torn:-1.7 stained:-1.7 mouldy:-2.4 moldy:-2.4 stale:-1.7 soggy:-1.5
    undercooked:-1.9 lukewarm:-1.0 inedible:-2.6 unresponsive:-2.0 unreachable:-1.8
    unavailable:-1.2 overdue:-1.5 lengthy:-1.0 endless:-1.3 eternity:-1.6 forever:-0.8
    impossible:-1.8 unclear:-1.4 wrongly:-1.5 mistake:-1.6 mistakes:-1.6 mistaken:-1.3
    malfunction:-2.0 malfunctioning:-2.0 unfit:-2.0 substandard:-2.3 shoddy:-2.5 cheaply:-1.5
    overcharging:-2.3 extortionate:-2.5 pricey:-1.0 dismissive:-2.3 condescending:-2.4
    patronising:-2.3 patronizing:-2.3 arrogant:-2.4 sarcastic:-1.5 ignorant:-2.2 lazy:-2.2
    clueless:-2.3 hostile:-2.5 aggressive:-2.4 disrespectful:-2.6 disrespected:-2.6
    contempt:-2.5 chaotic:-2.2 chaos:-2.0 cramped:-1.3 overcrowded:-1.6 messy:-1.7 untidy:-1.6
    neglected:-1.8 shameful:-2.6 shame:-1.6 embarrassing:-2.0 insulting:-2.5 insult:-2.3
    unfair:-2.1 unjust:-2.1 cheated:-2.7 robbed:-2.7 dodgy:-2.0 fraud:-2.8 fraudulent:-2.9
    fake:-2.0 counterfeit:-2.3 irritating:-2.0 irritated:-2.0 infuriating:-2.8 infuriated:-2.8
    exasperated:-2.4 disgusted:-3.0 horrified:-2.8 gutted:-2.4 devastated:-2.8
    heartbroken:-2.6 distraught:-2.6 anxious:-1.7 stressed:-2.0 appalled:-3.0 unimpressed:-2.0
    underwhelmed:-1.8 underwhelming:-1.8 letdown:-2.2 worsened:-1.8 deteriorated:-1.8
    declined:-1.2 rejected:-1.4 refused:-1.6 denied:-1.5 inconsistent:-1.4 sluggish:-1.6
    laggy:-1.7 unstable:-1.7 crashing:-1.9 glitches:-1.6 bug:-1.3 bugs:-1.4 outage:-2.0
    downtime:-1.6 disconnected:-1.4 jammed:-1.5 chasing:-1.6 chased:-1.5 rudely:-2.4
    speedy:1.9 swift:1.7 promptly:1.6 efficiently:1.7 effortless:2.2 painless:1.9
    intuitive:1.8 reassuring:2.0 reassured:1.8 relieved:1.6 chuffed:2.6 ecstatic:3.1
    thankful:2.2 appreciative:2.1 cheerful:2.2 generous:2.1 exceeded:2.4 exceeds:2.3
    impeccable:2.9 immaculate:2.5 pristine:2.2 sturdy:1.6 durable:1.7 spacious:1.4 tasty:2.1
    delicious:2.8 gorgeous:2.8 stunning:2.9 elegant:2.1 stylish:2.0 cosy:1.8 cozy:1.8
    comfy:1.9 brilliantly:2.8 unbeatable:2.6 faultless:2.8 smoothly:1.6 solved:1.4
    acceptable:0.6 superfast:2.2 lifesaving:2.4
    """
)

EN_PHRASES: dict[str, float] = _valences(
    """
    waste_of_money:-3.0 waste_of_time:-2.8 not_worth:-2.3 fell_apart:-2.6 stopped_working:-2.6
    stop_working:-2.4 doesn't_work:-2.4 does_not_work:-2.4 didn't_work:-2.3 did_not_work:-2.3
    don't_work:-2.2 won't_work:-2.2 not_working:-2.3 no_longer_works:-2.4 never_arrived:-2.6
    never_received:-2.6 still_waiting:-2.1 no_response:-2.0 no_reply:-2.0 no_one:-0.8
    customer_for_life:3.0 highly_recommend:3.0 would_recommend:2.4 wouldn't_recommend:-2.6
    would_not_recommend:-2.6 do_not_recommend:-2.6 don't_recommend:-2.6 can't_recommend:-2.4
    couldn't_be_happier:3.2 could_not_be_happier:3.2 above_and_beyond:3.0 went_the_extra_mile:3.0
    five_stars:2.8 one_star:-2.6 zero_stars:-3.0 value_for_money:1.6 good_value:2.0
    piece_of_junk:-3.0 piece_of_crap:-3.1 rip_off:-3.0 ripped_off:-3.0 let_down:-2.2
    fed_up:-2.5 sick_of:-2.4 had_enough:-2.2 over_the_moon:3.1 no_complaints:2.0
    no_problems:1.6 no_problem:1.2 no_issues:1.6 not_bad:1.2 not_too_bad:1.0 never_again:-2.6
    works_great:2.8 works_well:2.2 works_perfectly:2.9 worked_great:2.8 as_described:1.3
    as_expected:0.9 on_time:1.4 too_long:-1.6 too_slow:-1.9 too_expensive:-1.9 not_happy:-2.4
    not_good:-2.0 not_great:-1.6 no_good:-2.0 at_a_loss:-1.5 hung_up:-2.0 kept_waiting:-2.0
    on_hold:-1.2 thank_you:1.6 thanks_so_much:2.4 well_done:2.3 good_job:2.3 great_job:2.8
    at_its_best:2.0 out_of_stock:-1.3 sold_out:-0.9 poor_quality:-2.4 good_quality:2.0
    great_quality:2.8 high_quality:2.1 low_quality:-2.2 not_impressed:-2.2 game_changer:2.6
    good_morning:0 good_afternoon:0 good_evening:0 good_day:0 kind_regards:0 best_regards:0
    warm_regards:0 many_thanks:0.4 thanks_in_advance:0 thank_you_in_advance:0
    looking_forward:0.3 look_forward:0.3 would_be_appreciated:0 would_be_grateful:0
    would_like:0 i'd_like:0 this_resolved:0 it_resolved:0 this_sorted:0 it_sorted:0
    hasn't_arrived:-2.0 has_not_arrived:-2.0 not_arrived:-2.0 didn't_arrive:-2.2
    did_not_arrive:-2.2 never_came:-2.2 never_turned_up:-2.4 hasn't_turned_up:-2.0
    didn't_turn_up:-2.2 still_not:-1.2 still_no:-1.2 no_sign_of:-1.6 yet_to_receive:-1.8
    yet_to_arrive:-1.8 still_haven't:-1.5 haven't_received:-1.8 have_not_received:-1.8
    not_received:-1.8 never_got:-1.8 far_too_long:-2.0 took_ages:-1.8 takes_ages:-1.8
    took_forever:-1.9 takes_forever:-1.9 won't_let_me:-1.8 wouldn't_let_me:-1.8
    doesn't_let_me:-1.6 can't_log:-2.0 couldn't_log:-2.0 not_fit_for_purpose:-2.6
    in_pieces:-2.0 came_apart:-2.2 not_as_described:-2.3 nothing_like:-1.6
    nobody_answered:-1.8 no_one_answered:-1.8 never_called_back:-2.0 gone_downhill:-2.2
    went_downhill:-2.2 not_good_enough:-2.2 not_acceptable:-2.5 hassle_free:2.2 no_hassle:1.8
    user_friendly:1.8 well_made:2.0 fit_for_purpose:1.2 spot_on:2.4 top_notch:2.8
    second_to_none:2.8 cannot_fault:2.6 can't_fault:2.6 couldn't_fault:2.6 nothing_but_praise:2.8
    took_too_long:-1.9 too_many:-0.8 not_working_properly:-2.3 waste_of_space:-2.6
    """
)

ES_VALENCE: dict[str, float] = _valences(
    """
    bueno:1.9 buen:1.9 bien:1.5 genial:3.0 excelente:3.2 estupendo:3.0 magnifico:3.1
    maravilloso:3.1 maravilla:2.9 fantastico:3.2 increible:2.8 perfecto:3.0 perfectamente:2.6
    encanta:3.0 encanto:2.8 encantado:2.9 encantada:2.9 encantador:2.6 gusta:1.6 gusto:1.5
    gustado:1.7 feliz:2.6 contento:2.4 satisfecho:2.1 agradecido:2.2 gracias:1.6 agradable:2.1
    amable:2.2 amables:2.2 atento:2.0 simpatico:2.0 profesional:1.6 eficiente:1.8 rapido:1.3
    rapidamente:1.2 rapidez:1.4 facil:1.7 sencillo:1.2 comodo:1.8 util:1.8 practico:1.6
    fiable:1.9 recomiendo:2.3 recomendable:2.0 recomendado:1.9 recomendaria:2.2 mejor:1.6
    mejorado:1.4 majo:2.0 guay:2.2 chulo:2.0 bonito:2.2 precioso:2.7 limpio:1.3 ordenado:1.1
    puntual:1.4 correcto:1.0 aceptable:0.6 decente:0.9 normal:0.1 resuelto:1.4 solucionado:1.5
    atencion:0.0 calidad:0.4 impecable:2.8 insuperable:3.0 espectacular:3.1 brutal:1.8
    top:2.0 ideal:2.3 encantadora:2.6 buenisimo:3.1 rapidisimo:2.4 amabilidad:2.3 eficaz:1.8
    paciencia:1.2 paciente:1.5 ayuda:0.6 ayudaron:1.3 ayudo:1.2 atendieron:0.8 agradezco:2.1
    satisfaccion:2.0 cumple:1.2 cumplio:1.3 funciona:0.8 vale:0.6 barato:0.6 economico:1.0
    justo:0.8 exito:2.2 acierto:2.4 mejora:0.8 fenomenal:3.0 diez:1.5 bravo:2.5
    malo:-2.5 mal:-2.0 fatal:-3.0 horrible:-3.1 terrible:-3.1 pesimo:-3.2 penoso:-2.8
    lamentable:-2.9 vergonzoso:-3.0 verguenza:-2.7 desastre:-3.0 desastroso:-3.0 peor:-2.4
    odio:-2.9 decepcion:-2.5 decepcionado:-2.5 decepcionante:-2.5 inutil:-2.6 roto:-2.3
    rota:-2.3 rompio:-2.2 defectuoso:-2.4 estropeado:-2.3 averiado:-2.2 danado:-2.2
    basura:-2.7 porqueria:-2.8 timo:-3.0 estafa:-3.1 estafado:-3.0 maleducado:-2.6 grosero:-2.6
    borde:-2.2 lento:-1.4 lenta:-1.4 lentitud:-1.6 tarde:-0.9 retraso:-1.6 retrasado:-1.6
    retrasos:-1.7 problema:-1.6 problemas:-1.7 error:-1.6 errores:-1.7 fallo:-1.9 fallos:-1.9
    falla:-1.8 queja:-1.8 quejas:-1.8 reclamacion:-1.4 molesto:-2.2 molesta:-2.2 enfadado:-2.6
    enfadada:-2.6 cabreado:-2.8 cabreada:-2.8 harto:-2.5 harta:-2.5 indignado:-2.9
    indignada:-2.9 triste:-2.0 frustrado:-2.4 frustrante:-2.4 inaceptable:-2.8 ridiculo:-2.3
    sucio:-2.0 sucia:-2.0 caro:-1.2 carisimo:-2.0 abusivo:-2.5 confuso:-1.8 complicado:-1.5
    dificil:-1.5 ignorado:-2.2 ignoran:-2.0 esperando:-1.1 espera:-0.8 esperar:-0.6
    perdido:-1.5 incorrecto:-1.7 equivocado:-1.7 mentira:-2.5 mintieron:-2.8 enganado:-2.8
    enganan:-2.8 incompetente:-2.8 incompetencia:-2.8 nefasto:-3.1 deficiente:-2.3
    insatisfecho:-2.4 lamentablemente:-1.4 desgraciadamente:-1.4 preocupado:-1.8 peligroso:-2.6
    inseguro:-2.0 agobio:-1.9 estres:-1.8 caotico:-2.2 caos:-2.1 cutre:-2.3 mediocre:-1.6
    regular:-0.5 tardaron:-1.2 tarda:-1.0 tardan:-1.2 tardanza:-1.6 cancelado:-1.3
    devolucion:-0.4 reembolso:-0.4 cobraron:-0.8 nunca:-0.6 jamas:-0.8 colgaron:-2.0
    falta:-1.0 faltaba:-1.4 faltan:-1.2 inservible:-2.7 chapuza:-2.7 tomadura:-2.2
    asqueroso:-3.0 sucisimo:-2.6 mugre:-2.2 mugriento:-2.4 apesta:-2.5 desaparecido:-1.5
    desaparecio:-1.5 bloqueado:-1.3 colgado:-1.2 rayado:-1.5 abollado:-1.6 agrietado:-1.8
    destrozado:-2.4 pedazos:-1.5 gotea:-1.6 manchado:-1.6 podrido:-2.4 rancio:-1.8 tibio:-0.8
    eternidad:-1.8 interminable:-1.9 lentisimo:-2.2 tardisimo:-1.9 imposible:-1.8
    equivocacion:-1.6 fallido:-1.8 desprecio:-2.5 despreciativo:-2.6 prepotente:-2.5
    arrogante:-2.4 vago:-1.8 pasota:-2.0 desagradable:-2.4 insoportable:-2.7 irritante:-2.1
    indignante:-2.8 humillante:-2.7 injusto:-2.2 abuso:-2.5 engano:-2.7 fraude:-2.8
    falso:-1.8 robo:-2.6 timado:-2.9 estafan:-3.0 desorden:-1.6
    deplorable:-2.9 cutrez:-2.3 defraudado:-2.6 decepcionada:-2.5 enfado:-2.4 rabia:-2.4
    agotador:-1.8 estresante:-2.2 angustia:-2.2 preocupante:-1.9 nefasta:-3.1
    rapidisima:2.4 veloz:1.7 agil:1.6 sencillisimo:2.2 intuitivo:1.8
    tranquilo:1.2 aliviado:1.6 encantadisimo:3.1 agradecida:2.2 generoso:2.1 atentisimo:2.6
    amabilisimo:2.8 simpatiquisimo:2.6 resolutivo:2.0 eficacia:1.9 comodisimo:2.4 solido:1.4
    resistente:1.6 delicioso:2.8 rico:1.6 fresco:1.2 bonita:2.2 perfecta:3.0
    estupenda:3.0 maravillosa:3.1 fantastica:3.2 increibles:2.8 sobresaliente:3.0 inmejorable:3.0
    solucionaron:1.6 resolvieron:1.6
    """
)

ES_PHRASES: dict[str, float] = _valences(
    """
    no_funciona:-2.4 no_funcionaba:-2.4 dejo_de_funcionar:-2.6 no_sirve:-2.5 no_sirve_para_nada:-3.0
    no_vale_la_pena:-2.4 vale_la_pena:2.2 merece_la_pena:2.3 no_merece_la_pena:-2.4
    perdida_de_tiempo:-2.8 perdida_de_dinero:-3.0 tirar_el_dinero:-2.9 nunca_llego:-2.6
    no_llego:-2.2 sigo_esperando:-2.1 sin_respuesta:-2.0 nadie_me:-1.2 de_maravilla:3.0
    una_pasada:2.9 muy_recomendable:2.8 lo_recomiendo:2.4 no_lo_recomiendo:-2.6
    no_recomiendo:-2.6 cinco_estrellas:2.8 una_estrella:-2.6 calidad_precio:1.4
    buena_calidad:2.0 mala_calidad:-2.4 mal_servicio:-2.6 buen_servicio:2.4 muy_bien:2.2
    muy_mal:-2.6 nada_mal:1.2 no_esta_mal:1.2 sin_problemas:1.6 ningun_problema:1.6
    estoy_harto:-2.6 estoy_harta:-2.6 hasta_las_narices:-2.8 otra_vez:-0.8 nunca_mas:-2.6
    toma_el_pelo:-2.6 tomadura_de_pelo:-2.8 me_colgaron:-2.2 a_tiempo:1.3 en_plazo:1.2
    muchas_gracias:2.2 mil_gracias:2.6 buen_trabajo:2.3 sin_stock:-1.3 agotado:-1.0
    no_me_gusta:-2.0 no_me_gusto:-2.0 me_encanta:3.1 me_encanto:3.0 me_gusta:1.8
    buenos_dias:0 buenas_tardes:0 buenas_noches:0 muy_buenas:0 un_saludo:0 saludos_cordiales:0
    gracias_de_antemano:0 gracias_por_adelantado:0 me_gustaria:0 quisiera:0
    no_ha_llegado:-2.0 no_han_llegado:-2.0 todavia_no:-1.2 sigue_sin:-1.6 sigo_sin:-1.6
    sin_noticias:-1.4 nada_que_ver:-1.2 no_me_deja:-1.8 no_deja:-1.5 tardan_mucho:-1.6
    tarda_mucho:-1.6 tardo_mucho:-1.6 hecho_pedazos:-2.2 en_mal_estado:-2.2 no_es_normal:-1.8
    no_hay_derecho:-2.4 dejaron_tirado:-2.4 ni_caso:-2.0 ninguna_respuesta:-2.0
    no_contestan:-2.0 no_contesta:-1.8 nadie_contesta:-2.0 no_responden:-2.0 mal_estado:-2.0
    de_diez:2.4 sin_problema:1.4 sin_pegas:2.0 muy_contento:2.8 muy_contenta:2.8 muy_satisfecho:2.8
    muy_satisfecha:2.8 todo_perfecto:3.0 todo_correcto:1.6 todo_bien:1.8
    """
)

NEGATORS: Mapping[str, frozenset[str]] = {
    "en": _words(
        """
        not no never none nobody nothing neither nor without hardly barely isn't wasn't aren't
        weren't don't doesn't didn't won't wouldn't can't cannot couldn't shouldn't haven't hasn't
        hadn't ain't dont doesnt didnt wont cant couldnt isnt wasnt
        """
    ),
    "es": _words(
        """
        no nunca jamas ni tampoco sin nadie ningun ninguno ninguna
        """
    ),
}

INTENSIFIERS: Mapping[str, Mapping[str, float]] = {
    "en": {
        "very": 0.3,
        "really": 0.3,
        "so": 0.25,
        "extremely": 0.45,
        "incredibly": 0.4,
        "absolutely": 0.4,
        "totally": 0.3,
        "completely": 0.35,
        "utterly": 0.45,
        "super": 0.3,
        "truly": 0.3,
        "highly": 0.35,
        "most": 0.2,
        "too": 0.2,
        "especially": 0.2,
        "genuinely": 0.25,
        "seriously": 0.3,
        "thoroughly": 0.3,
        "exceptionally": 0.4,
        "quite": 0.1,
        "pretty": 0.1,
        "fairly": -0.2,
        "slightly": -0.4,
        "somewhat": -0.3,
        "bit": -0.3,
        "little": -0.2,
        "kinda": -0.3,
        "kind": -0.2,
        "sort": -0.2,
        "barely": -0.4,
        "hardly": -0.4,
        "mostly": -0.15,
        "almost": -0.2,
    },
    "es": {
        "muy": 0.3,
        "super": 0.3,
        "realmente": 0.3,
        "totalmente": 0.35,
        "completamente": 0.35,
        "absolutamente": 0.4,
        "sumamente": 0.45,
        "increiblemente": 0.4,
        "tan": 0.25,
        "demasiado": 0.25,
        "bastante": 0.1,
        "extremadamente": 0.45,
        "especialmente": 0.2,
        "algo": -0.3,
        "poco": -0.4,
        "apenas": -0.4,
        "casi": -0.2,
        "un": 0.0,
    },
}

# Courtesy that closes a message ("... Many thanks", "... Un saludo"): at the end of a longer
# text it is a sign-off, not a judgement, and barely counts.
SIGN_OFFS: Mapping[str, frozenset[str]] = {
    "en": _words("thanks thank cheers regards appreciated grateful"),
    "es": _words("gracias saludos saludo agradezco agradecido agradecida"),
}

# Words that make the clause after them carry the overall judgement.
CONTRASTS: Mapping[str, frozenset[str]] = {
    "en": frozenset({"but", "however", "although", "though", "yet", "except", "unfortunately"}),
    "es": frozenset({"pero", "aunque", "sin embargo", "embargo", "excepto", "salvo", "sino"}),
}

FUNCTION_WORDS: Mapping[str, frozenset[str]] = {
    "en": _words(
        """
        i me my mine myself we us our ours you your yours he him his she her hers it its they them
        their theirs this that these those a an the and but or if then than so because as of at by
        for with about against between into through during before after above below to from up down
        in out on off over under again further once here there when where why how all any both each
        few more most other some such only own same too very just can will would should could shall
        may might must is are was were be been being have has had do does did doing am what which
        who whom whose not no nor don't doesn't didn't isn't wasn't can't won't i'm i've i'd i'll
        you're it's that's there's let's get got also even still ever really please thanks thank hi
        hello yes yeah well much many every
        """
    ),
    "es": _words(
        """
        yo me mi mis mio mia tu tus te ti usted ustedes el ella ellos ellas nos nosotros nosotras
        vosotros os su sus suyo le les lo la los las un una unos unas y e o u pero sino que porque
        pues como cuando donde quien cual cuales cuyo de del al a en con por para sin sobre entre
        hasta desde hacia segun tras contra ante bajo es son era eran fue fueron ser sido siendo
        esta estan estaba estaban estoy estamos estar he ha han hemos habia hay tengo tiene tienen
        tenia tener hago hace hacen hizo no ni si ya muy mas menos tambien tampoco este esta estos
        estas ese esa esos esas eso esto aquel aquella aqui alli ahi todo toda todos todas nada
        algo alguien nadie mucho mucha muchos muchas poco otra otro otros otras mismo misma cada
        vez veces hola buenas gracias favor se sea solo aun asi
        """
    ),
    # Short lists for languages Centric does not analyse deeply: enough to tell them apart from
    # English and Spanish when a text is short.
    "fr": _words(
        """
        je tu il elle nous vous ils elles le la les un une des et mais ou donc car de du au aux en
        dans pour par avec sans ne pas plus tres est sont etait etre avoir ai avez ce cette ces qui
        que quoi ou mon ma mes votre vos notre nos leur leurs aussi bien merci bonjour tout tous
        rien jamais
        """
    ),
    "pt": _words(
        """
        eu voce ele ela nos eles elas o a os as um uma e mas ou de do da dos das em no na nos nas
        com por para sem nao muito e sao foi ser estar esta estou isso isto que meu minha seu sua
        obrigado obrigada tambem mais ainda bem ate
        """
    ),
    "it": _words(
        """
        io tu lui lei noi voi loro il lo la gli le un uno una e ma o di del della dei delle in con
        per senza non molto e sono era essere avere ho hai ha che chi questo questa mio mia grazie
        anche piu ancora bene tutto niente sempre
        """
    ),
    "de": _words(
        """
        ich du er sie es wir ihr der die das den dem des ein eine einen und aber oder von zu mit
        fur auf aus bei nach nicht kein keine sehr ist sind war waren sein haben habe hat wie was
        wer dass mein meine danke auch noch schon gut immer nie
        """
    ),
    "nl": _words(
        """
        ik jij je hij zij wij jullie de het een en maar of van voor met op aan bij niet geen zeer
        heel is zijn was waren hebben heb heeft wat wie dat mijn bedankt ook nog al goed altijd
        nooit
        """
    ),
    "ca": _words(
        """
        jo tu ell ella nosaltres el la els les un una i pero de del al a en amb per sense no molt
        es son era ser estar que aquest aquesta meu meva gracies tambe mes encara be tot res mai
        """
    ),
}

# Words that say nothing about what a comment is about, whatever the language.
GENERIC_WORDS: Mapping[str, frozenset[str]] = {
    "en": _words(
        """
        thing things stuff lot lots way ways time times day days today yesterday week weeks month
        months year years one two three first last next new old little big bit something anything
        everything nothing someone anyone everyone people person guys make made makes making go
        going went gone come came coming say said says tell told know knew think thought want
        wanted need needed use used using try tried trying give gave take took look looked looks
        see seen saw feel felt keep kept put back able sure actually definitely probably maybe
        overall absolutely always usually often sometimes though although however since yet else
        another around without within across rather quite enough lol omg etc via per having getting
        far now pretty suppose seem seems soon expect expected expecting along second wish type
        addition already far able lot bit stuff honestly frankly basically literally seriously
        anyway four five six seven eight nine ten twelve twenty hundred half couple
        hi hey dear regards cheers sincerely kind best asap regarding reference ref number
        morning afternoon evening tonight tomorrow looking forward hear hearing heard ask asked
        asking let lets get gets gotten done doing experience experienced thing whatever whole
        part bunch kinda sorta gonna wanna yeah yes okay ok instead especially least else
        mine somebody somewhere anywhere everywhere nowhere perhaps hopefully maybe thats
        monday tuesday wednesday thursday friday saturday sunday weekend january february march
        april june july august september october november december minute minutes hour hours
        second seconds third fourth fifth ago recent recently writing wrote placed possible
        shown showed idea step saying turned top help helped anybody other others lately
        """
    ),
    "es": _words(
        """
        cosa cosas vez veces dia dias hoy ayer semana semanas mes meses ano anos uno dos tres
        primero primera ultimo ultima nuevo nueva viejo hacer hecho hice hizo ir fue fui voy vamos
        venir vino decir dijo dijeron saber se creo querer quiero queria necesito usar uso probar
        probe dar dio tomar ver vi visto sentir senti poner seguir sigo siempre nunca ahora luego
        despues antes entonces mientras tipo gente persona alguno alguna algun ningun cualquier tal
        tan tanto bastante demasiado realmente verdad claro igual etc linea lineas general
        generales sinceramente francamente cuatro cinco seis siete ocho nueve diez doce veinte cien
        medio media poder puede pueden pude pudo podia podido podria podrian quedar queda quedo
        quedan parece parecer pasar paso pasa pasado llevar lleva llevo volver vuelve volvi
        estado estuvo tenido tuve haber hubo soy eres somos deberia debe deben debo saludo
        saludos buenos dias tardes noches espero esperamos atentamente cordialmente manana
        referencia numero asunto respecto ademas todavia pues forma manera caso tema parte
        dicho dice dicen sabe veo mirar hecho dejar deja dejo sido estaria habria hacia tengan
        tenga haya hayan sean fuera sigue seguir siguen favor ojala quizas lunes martes
        miercoles jueves viernes sabado domingo enero febrero marzo abril mayo junio julio agosto
        septiembre octubre noviembre diciembre minuto minutos hora horas segundo tercero tercera
        hace reciente escribo escribir posible mostraba ayuda ayudar sitio mayoria
        """
    ),
}

# Spanish customer-service vocabulary mapped onto the English concept term, so that a theme
# about deliveries gathers "entrega" and "delivery" alike. Only nouns and verbs that name what a
# comment is about; evaluative words stay in the sentiment lexicons.
ES_TO_CONCEPT: dict[str, str] = {
    "entrega": "delivery", "entregas": "delivery", "envio": "delivery", "envios": "delivery",
    "reparto": "delivery", "repartidor": "courier", "mensajero": "courier",
    "mensajeria": "courier", "paquete": "parcel", "paquetes": "parcel", "pedido": "order",
    "pedidos": "order", "compra": "purchase", "compras": "purchase", "devolucion": "return",
    "devoluciones": "return", "devolver": "return", "reembolso": "refund",
    "reembolsos": "refund", "dinero": "money", "precio": "price", "precios": "price",
    "coste": "cost", "costo": "cost", "factura": "bill", "facturas": "bill",
    "facturacion": "billing", "cobro": "charge", "cobros": "charge", "cargo": "charge",
    "cargos": "charge", "pago": "payment", "pagos": "payment", "pagar": "pay", "tarjeta": "card",
    "tienda": "store", "tiendas": "store", "cola": "queue", "colas": "queue", "fila": "queue",
    "caja": "till", "cajas": "till", "cajero": "cashier", "cajera": "cashier",
    "dependiente": "staff", "dependienta": "staff", "personal": "staff", "empleado": "staff",
    "empleada": "staff", "empleados": "staff", "trato": "treatment", "atencion": "service",
    "servicio": "service", "cliente": "customer", "clientes": "customer",
    "web": "website", "pagina": "website", "aplicacion": "app", "app": "app",
    "contrasena": "password", "cuenta": "account", "cuentas": "account", "sesion": "login",
    "llamada": "call", "llamadas": "call", "llamar": "call", "telefono": "phone",
    "correo": "email", "chat": "chat", "agente": "agent", "operador": "agent",
    "operadora": "agent", "espera": "wait", "esperar": "wait", "tiempo": "time",
    "producto": "product", "productos": "product", "calidad": "quality", "talla": "size",
    "tallas": "size", "tamano": "size", "color": "colour", "bateria": "battery",
    "pantalla": "screen", "sonido": "sound", "altavoz": "speaker", "cargador": "charger",
    "garantia": "warranty", "reparacion": "repair", "tecnico": "technician",
    "instalacion": "installation", "stock": "stock", "existencias": "stock",
    "disponibilidad": "availability", "descuento": "discount", "descuentos": "discount",
    "oferta": "offer", "ofertas": "offer", "promocion": "promotion", "cupon": "voucher",
    "puntos": "points", "fidelidad": "loyalty", "socio": "member",
    "suscripcion": "subscription",
    "contrato": "contract", "baja": "cancellation", "cancelacion": "cancellation",
    "cancelar": "cancel", "recogida": "collection", "recoger": "collect",
    "aparcamiento": "parking", "parking": "parking", "probador": "fitting",
    "probadores": "fitting", "limpieza": "cleanliness", "bano": "toilet", "banos": "toilet",
    "horario": "opening", "horarios": "opening", "autopago": "checkout",
    "escaner": "scanner", "etiqueta": "label",
    "ticket": "receipt", "recibo": "receipt", "embalaje": "packaging", "roto": "damaged",
    "rota": "damaged", "danado": "damaged", "golpe": "damaged",
    "seguimiento": "tracking", "direccion": "address", "domicilio": "address",
    "plazo": "deadline", "retraso": "delay", "retrasos": "delay", "tarde": "late",
    "conexion": "connection", "wifi": "wifi", "actualizacion": "update", "musica": "music",
    "voz": "voice", "luces": "lights", "luz": "light", "alarma": "alarm", "reloj": "clock",
    "comida": "food", "cafe": "coffee", "habitacion": "room", "vuelo": "flight",
    "equipaje": "luggage", "reserva": "booking", "reservas": "booking", "tarifa": "fee",
    "comision": "fee", "comisiones": "fee", "seguro": "insurance", "sucursal": "branch",
    "oficina": "office", "formulario": "form", "encuesta": "survey", "queja": "complaint",
    "quejas": "complaint", "reclamacion": "complaint", "reclamaciones": "complaint",
    "incidencia": "incident", "incidencias": "incident", "respuesta": "response",
    "turno": "shift", "turnos": "shift", "sueldo": "pay", "salario": "pay",
    "formacion": "training", "jefe": "manager", "jefa": "manager", "encargado": "manager",
    "encargada": "manager", "equipo": "team", "companeros": "colleagues",
    "herramientas": "tools", "trabajo": "work", "trabajar": "work", "carga": "workload",
    "vacantes": "vacancies", "plantilla": "staffing", "nomina": "payslip",
    "experiencia": "experience", "llego": "arrived", "llegaron": "arrived",
    "llegado": "arrived", "llegar": "arrive", "comprar": "buy", "compre": "bought",
    "sistema": "system", "sistemas": "system", "vacaciones": "holiday",
}  # fmt: skip

STOP_BY_LANGUAGE: Mapping[str, frozenset[str]] = {
    language: FUNCTION_WORDS[language] | GENERIC_WORDS.get(language, frozenset())
    for language in FUNCTION_WORDS
}

# Opinion words carry sentiment, not topic; these descriptive ones also say what went wrong or
# right and stay available to themes ("late delivery", "rude staff").
TOPICAL_OPINION_WORDS: frozenset[str] = _words(
    """
    late delayed delay delays slow broken faulty defective damaged rude expensive overpriced
    cheap dirty missing lost wrong error errors crash crashes crashed glitch glitchy buggy
    freezes disconnects refund return returned returning wait waiting waited cancelled noisy
    cold charged overcharged confusing complicated difficult friendly helpful polite clean fast
    quick easy reliable comfortable affordable tidy knowledgeable responsive unhelpful incorrect
    stuck flimsy quality value price retraso retrasos tarde roto rota caro sucio sucia lento
    lenta espera esperando devolucion reembolso amable amables limpio rapido facil comodo barato
    cobraron calidad
    """
)
