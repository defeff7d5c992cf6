"""Finding minimising or excusing language in a story, in English, Spanish and French.

The patterns are a curated lexicon: each names the shape an excuse takes, not a
list of forbidden words. A sentence that names an excuse in order to set it
aside ("I used to tell myself it was a joke", "ya no digo que todos lo hacen")
is the work itself, so a distancing cue before the phrase in the same sentence
lets it pass.
"""
import re

Span = tuple[str, int, int]

_I = re.IGNORECASE
_SHE = r"(?:she|her|they|he|him|them|the\s+woman|the\s+girl|my\s+(?:wife|girlfriend|partner|ex|colleague|coworker))"
_ELLA = r"(?:ella|él|mi\s+(?:esposa|mujer|novia|pareja|ex|compañera|colega))"

PATTERNS: dict[str, dict[str, list[re.Pattern]]] = {
    "en": {
        "victim_blaming": [
            re.compile(rf"\b{_SHE}\s+(?:was|were)\s+(?:asking|begging)\s+for\s+it\b", _I),
            re.compile(rf"\b{_SHE}\s+(?:led|lead)\s+me\s+on\b", _I),
            re.compile(rf"\b{_SHE}\s+(?:shouldn'?t|should\s+not|should\s+never)\s+have\b", _I),
            re.compile(rf"\b{_SHE}\s+(?:provoked|tempted|teased)\s+me\b", _I),
            re.compile(r"\bwhat\s+did\s+(?:she|they)\s+expect\b", _I),
            re.compile(rf"\b{_SHE}\s+(?:brought|had\s+brought)\s+it\s+on\s+(?:herself|themselves)\b", _I),
            re.compile(r"\b(?:dressed|dressing)\s+like\s+that\b", _I),
            re.compile(rf"\b{_SHE}\s+(?:was|were)\s+flirting\s+(?:with\s+me\s+)?(?:all\s+night|first|too)\b", _I),
            re.compile(r"\bit\s+was\s+(?:partly\s+|half\s+)?(?:her|their)\s+fault\b", _I),
            re.compile(rf"\b{_SHE}\s+knew\s+what\s+(?:she|they)\s+(?:was|were)\s+(?:doing|getting\s+into)\b", _I),
            re.compile(r"\b(?:she|they)\s+(?:can'?t|cannot|has\s+no\s+right\s+to|shouldn'?t)\s+complain\b", _I),
            re.compile(r"\b(?:part|some|half)\s+of\s+(?:it|the\s+blame)\s+(?:is|was|lies)\s+(?:on|with)\s+(?:her|them)\b",
                       _I),
            re.compile(rf"\b{_SHE}\s+(?:came|come)\s+on\s+to\s+me\b", _I),
            re.compile(r"\bknew\s+(?:exactly\s+|full\s+well\s+)?what\s+(?:she|they)\s+(?:was|were)\s+(?:doing|getting\s+into)\b",
                       _I),
            re.compile(r"\bif\s+(?:she|they)\s+hadn'?t\s+(?:worn|been|gone|had|drunk|flirted|come|dressed)\b", _I),
            re.compile(r"\b(?:wear|wore|worn|wearing)\s+that\s+(?:dress|skirt|top|outfit)\b", _I),
            re.compile(r"\bbut\s+(?:she|they)\s+(?:had\s+)?(?:also\s+|too\s+)?(?:been\s+drinking|was\s+drunk|were\s+drunk|"
                       r"was\s+flirting|had\s+been\s+flirting|started\s+it)\b", _I),
            re.compile(r"\bput\s+(?:herself|themselves)\s+in\s+(?:that|this|a)\s+(?:situation|position)\b", _I),
            re.compile(r"\bpushed\s+my\s+buttons\b", _I),
            re.compile(r"\bwhy\s+would\s+(?:anyone|she|a\s+woman|a\s+girl)\s+(?:walk|go|come|drink)\b", _I),
            re.compile(r"\b(?:she|they)\s+wanted\s+the\s+attention\b", _I),
            re.compile(r"\bmade\s+me\s+do\s+it\b", _I),
        ],
        "joking": [
            re.compile(r"\b(?:just|only|merely)\s+(?:a\s+)?(?:joke|joking|kidding|banter|teasing|messing\s+around|"
                       r"having\s+(?:a\s+)?(?:laugh|fun))\b", _I),
            re.compile(r"\b(?:it\s+was|that\s+was|it's|that's)\s+(?:a\s+)?(?:harmless\s+)?(?:joke|banter)\b", _I),
            re.compile(r"\bcan'?t\s+(?:she|they|anyone|people)\s+take\s+a\s+joke\b", _I),
            re.compile(r"\bno\s+sense\s+of\s+humou?r\b", _I),
            re.compile(r"\b(?:meant|intended)\s+(?:it\s+)?as\s+a\s+(?:joke|laugh|bit\s+of\s+fun)\b", _I),
            re.compile(r"\b(?:just|only)\s+(?:a\s+bit\s+of\s+)?(?:fun|a\s+laugh)\b", _I),
            re.compile(r"\b(?:nobody|no\s+one|people)\s+can'?t?\s+(?:even\s+)?take\s+a\s+joke\b", _I),
            re.compile(r"\b(?:meant|intended)\s+as\s+(?:a\s+bit\s+of\s+)?(?:teasing|banter|fun)\b", _I),
            re.compile(r"\b(?:it\s+was|that\s+was)\s+(?:just\s+|only\s+)?a\s+game\b", _I),
            re.compile(r"\bfor\s+a\s+laugh\b", _I),
        ],
        "everyone_does_it": [
            re.compile(r"\b(?:everyone|everybody|all\s+(?:the\s+)?(?:guys|men|lads|boys))\s+(?:does|do|did|say|says)"
                       r"\s+(?:it|that|this|the\s+same)\b", _I),
            re.compile(r"\b(?:that's|that\s+is|it's|it\s+is|it\s+was)\s+just\s+how\s+(?:it\s+is|it\s+was|things\s+"
                       r"are|things\s+were|men\s+are|guys\s+are)\b", _I),
            re.compile(r"\b(?:any|every)\s+(?:guy|man|other\s+guy|other\s+man)\s+would\s+have\b", _I),
            re.compile(r"\bnormal\s+(?:guy|male|lad)\s+(?:stuff|behaviou?r|thing)\b", _I),
            re.compile(r"\bit\s+was\s+(?:completely\s+|totally\s+)?normal\b", _I),
            re.compile(r"\bnobody\s+(?:thought|thinks)\s+(?:twice|anything)\s+(?:of|about)\s+it\b", _I),
            re.compile(r"\bthat'?s\s+(?:the\s+)?(?:culture|how\s+it\s+works)\b", _I),
            re.compile(r"\b(?:everyone|everybody|all\s+(?:my\s+|the\s+|of\s+(?:my|the)\s+)?(?:mates|friends|guys|men|"
                       r"lads|boys|colleagues))\b[^.!?]{0,40}?\b(?:did|does|do|made|make|talked|talk|said|say|shouts?|"
                       r"shouted|joked|joke|acted|behaved)\b[^.!?]{0,30}?\b(?:same|like\s+that|that\s+way|those|"
                       r"all\s+the\s+time)\b", _I),
            re.compile(r"\bwe\s+all\s+(?:did|made|said|told|laughed\s+at)\s+(?:it|that|those|the\s+same)\b", _I),
            re.compile(r"\bhow\s+every\s+\w+\s+works\b", _I),
            re.compile(r"\bwhy\s+single\s+me\s+out\b", _I),
            re.compile(r"\bevery\s+(?:guy|man|bloke|lad|boy)\s+(?:in|at|on|i\s+knew)\b[^.!?]{0,30}?\b(?:did|does|do|said)\b",
                       _I),
            re.compile(r"\b(?:all|most)\s+(?:blokes|guys|men|lads|boys)\s+(?:have|had)\s+(?:done|said)\b", _I),
            re.compile(r"\bhow\s+(?:men|boys|guys|we)\s+(?:my\s+age\s+|of\s+my\s+generation\s+)?(?:were|are)\s+raised\b",
                       _I),
            re.compile(r"\b(?:it'?s|that'?s|is)\s+(?:completely\s+|totally\s+|perfectly\s+|pretty\s+)?normal\s+(?:for|to|in)\b",
                       _I),
        ],
        "consent_excuse": [
            re.compile(r"\b(?:she\s+|they\s+|nobody\s+|no\s+one\s+|and\s+)?(?:didn'?t|did\s+not|never)\s+(?:once\s+|"
                       r"actually\s+|even\s+)?(?:say|said|tell\s+me|told\s+me)\s+(?:no|to\s+stop|not\s+to)\b", _I),
            re.compile(r"\b(?:nobody|no\s+one)\s+(?:ever\s+)?told\s+me\s+to\s+stop\b", _I),
            re.compile(r"\b(?:kissed|hugged|touched|held)\s+me\s+back\b", _I),
            re.compile(r"\bwhy\s+didn'?t\s+(?:she|they)\s+(?:push|pull|stop|say|leave|tell|just)\b", _I),
            re.compile(r"\b(?:she'?d|she\s+had)\s+said\s+yes\s+(?:before|the|last|once)\b", _I),
            re.compile(r"\b(?:never|didn'?t|did\s+not)\s+(?:push|pull)(?:ed)?\s+(?:me\s+)?away\b", _I),
            re.compile(rf"\b{_SHE}\s+(?:didn'?t|did\s+not|never)\s+(?:stop|push|pushed)\s+me\b", _I),
            re.compile(rf"\b{_SHE}\s+(?:didn'?t|did\s+not|never)\s+(?:object|complain|resist|fight\s+back|pull\s+away)\b",
                       _I),
            re.compile(r"\b(?:she|they)\s+(?:seemed|looked)\s+(?:fine|into\s+it|okay|ok)\s+(?:with\s+it)?\b", _I),
            re.compile(r"\bsilence\s+(?:means|meant|is)\s+(?:a\s+)?yes\b", _I),
            re.compile(rf"\b{_SHE}\s+went\s+along\s+with\s+it\b", _I),
        ],
        "conditional_apology": [
            re.compile(r"\bsorry\s+if\b", _I),
            re.compile(r"\b(?:apologi[sz]e|apologies|sorry)\s+to\s+(?:anyone|whoever|everyone|anybody)(?:\s+(?:who|that))?"
                       r"\s+(?:felt|feels|was|were|may|might|took|found|got)\b", _I),
            re.compile(r"\bif\s+i\s+(?:hurt|offended|upset|bothered)\s+(?:anyone|anybody|her|someone|you)\b[^.!?]{0,30}\b"
                       r"(?:regret|sorry|apologi)", _I),
            re.compile(r"\b(?:sorry|regret)\s+(?:that\s+)?(?:she|they|anyone)\s+(?:took|saw|interpreted|misread|"
                       r"misunderstood)\b", _I),
            re.compile(r"\bif\b[^.!?]{0,40}\b(?:hurt|offended|upset|bothered)\b[^.!?]{0,30}\b(?:apologi[sz]e|sorry)\b", _I),
            re.compile(r"\bapologi[sz]e\s+if\b", _I),
            re.compile(r"\bsorry\s+(?:that\s+)?(?:she|they|anyone|you)\s+(?:felt|feels|took\s+it|was\s+offended|were\s+"
                       r"offended|got\s+upset)\b", _I),
            re.compile(r"\bsorry\s+(?:for\s+)?(?:any|whatever)\s+(?:offen[cs]e|misunderstanding|hurt)\b", _I),
            re.compile(r"\bsorry\s+(?:she|they)\s+(?:saw|took)\s+it\s+that\s+way\b", _I),
            re.compile(r"\bif\s+(?:she|they|anyone)\s+(?:felt|was|were)\s+(?:hurt|offended|uncomfortable)\b.*\bsorry\b",
                       _I),
        ],
        "downplaying": [
            re.compile(r"(?:\bno|(?:\bnot|n't)\s+(?:such\s+)?a)\s+big\s+deal\b", _I),
            re.compile(r"\b(?:it\s+was|it's|that\s+was)\s+(?:only|just)\s+(?:a|one|some)\s+(?!joke|laugh|bit\s+of\s+"
                       r"(?:fun|banter))\w+", _I),
            re.compile(r"(?:\bnot|n't)\s+(?:that|so|really|as)\s+(?:bad|serious)\b", _I),
            re.compile(r"\bi\s+only\s+(?:touched|kissed|hugged|grabbed|pushed|texted|looked|said|held|squeezed)\b", _I),
            re.compile(r"\b(?:only|just|barely|merely)\s+(?:nudged|pushed|touched|grabbed|kissed|tapped|poked|brushed|shoved|"
                       r"squeezed|slapped|hugged|held|texted|messaged|pinched)\b", _I),
            re.compile(r"\ba\s+(?:little|tiny|small|gentle|light)\s+(?:push|shove|nudge|slap|tap|touch|kiss|squeeze)\b", _I),
            re.compile(r"\bmountain\s+out\s+of\s+a\s+molehill\b", _I),
            re.compile(r"\bbig\s+of\s+a\s+deal\b", _I),
            re.compile(r"\bcompared\s+(?:to|with)\s+what\s+(?:some|other|most)\b", _I),
            re.compile(r"\b(?:pretty|fairly|quite)\s+(?:minor|harmless|mild|tame)\b", _I),
            re.compile(r"\b(?:a\s+bit|a\s+little|slightly)\s+(?:loud|heated|rough|much)\b", _I),
            re.compile(rf"\b{_SHE}\s+(?:over-?reacted|(?:was|were|is|are)\s+(?:over-?reacting|too\s+sensitive|"
                       rf"(?:being\s+)?dramatic|exaggerating|hysterical)|blew\s+it\s+out\s+of\s+proportion|made\s+"
                       rf"(?:a\s+big\s+deal|too\s+much|a\s+fuss))", _I),
            re.compile(r"\bnothing\s+(?:really\s+)?happened\b", _I),
            re.compile(r"\b(?:harmless|innocent)\s+(?:fun|flirting|flirt|comment|hug|touch)\b", _I),
            re.compile(r"\b(?:didn'?t|did\s+not)\s+(?:really\s+)?hurt\s+(?:anyone|her|them)\b", _I),
            re.compile(r"\bit\s+wasn'?t\s+(?:like\s+)?(?:i|I)\s+(?:hit|raped|attacked)\b", _I),
            re.compile(r"\bit\s+was\s+(?:a\s+)?(?:misunderstanding|nothing)\b", _I),
        ],
        "excuse": [
            re.compile(r"\b(?:boys|men|guys|lads)\s+will\s+be\s+(?:boys|men|guys|lads)\b", _I),
            re.compile(r"\b(?:i\s+was|i\s+had\s+been|we\s+were)\s+(?:really\s+|very\s+|so\s+)?(?:drunk|high|wasted|"
                       r"hammered)\b.*\b(?:wasn'?t|not)\s+(?:really\s+)?me\b", _I),
            re.compile(r"\b(?:the\s+)?(?:alcohol|drink|drinks|booze|drugs|stress|anger)\s+(?:made\s+me|did\s+it|"
                       r"was\s+to\s+blame|talking)\b", _I),
            re.compile(r"\bit\s+was\s+the\s+(?:alcohol|drink|drugs|stress|beer|whisky|wine)\b", _I),
            re.compile(r"\b(?:couldn'?t|could\s+not|can'?t|cannot)\s+(?:help|control)\s+(?:myself|it)\b", _I),
            re.compile(r"\bwasn'?t\s+(?:really\s+)?(?:myself|me)\b", _I),
            re.compile(r"\b(?:wasn'?t|not|isn'?t)\s+(?:really\s+|entirely\s+|all\s+)?my\s+fault\b", _I),
            re.compile(r"\bturned\s+me\s+into\s+(?:someone|somebody|a\s+different)\b", _I),
            re.compile(r"\b(?:lost\s+(?:control|my\s+temper|it)|i\s+snapped|saw\s+red|something\s+came\s+over\s+me)\b", _I),
            re.compile(r"\b(?:off\s+my\s+face|out\s+of\s+my\s+mind|blackout\s+drunk|so\s+drunk|so\s+high)\b", _I),
            re.compile(r"\b(?:don'?t|can'?t)\s+(?:even\s+)?remember\b", _I),
            re.compile(r"\ball\s+i\s+(?:ever\s+)?knew\b", _I),
            re.compile(r"\b(?:wired\s+that\s+way|it'?s\s+biology|it'?s\s+hormones|testosterone)\b", _I),
            re.compile(r"\b(?:steroids|drugs|pills|medication|alcohol|drink|booze|pressure|stress)\b[^.!?]{0,25}\bmade\s+me\b", _I),
            re.compile(r"\b(?:because|since)\s+i'?d\s+been\s+drinking\b", _I),
            re.compile(r"\b(?:i'?d|i\s+had)\s+had\s+(?:a\s+few|some|too\s+many|a\s+lot\s+of)\s+(?:drinks|beers|pints)\b",
                       _I),
            re.compile(r"\b(?:it'?s|it\s+is|just)\s+(?:in\s+)?(?:my|our|a\s+man'?s|male)\s+nature\b", _I),
            re.compile(r"\b(?:blame|blamed)\s+(?:it\s+on\s+)?(?:the\s+)?(?:alcohol|drink|stress|my\s+(?:job|childhood|"
                       r"father|ex))\b", _I),
            re.compile(r"\b(?:had\s+a\s+(?:bad|rough|hard)\s+(?:day|week|time))\b.*\b(?:so|that'?s\s+why)\b", _I),
        ],
    },
    "es": {
        "victim_blaming": [
            re.compile(r"\b(?:ella\s+)?se\s+lo\s+(?:buscó|buscaba|estaba\s+buscando|había\s+buscado)\b", _I),
            re.compile(r"(?<!nadie\s)(?<!\bno\s)\b(?:me|nos)\s+(?:provocó|provocaba|provocaron|buscó|buscaba|calentó|"
                       r"calentaba)\b", _I),
            re.compile(r"\bella\s+(?:me\s+)?(?:dio|daba)\s+(?:pie|señales|entrada)\b", _I),
            re.compile(r"\b(?:no\s+debería|no\s+tendría\s+que|no\s+debió)\s+(?:haber\s+)?(?:ir|vestir|venir|beber|"
                       r"tomar|salir|estar|coquetear|ponerse)\w*", _I),
            re.compile(r"\b(?:vestida|iba\s+vestida)\s+así\b", _I),
            re.compile(r"\b(?:qué|que)\s+esperaba\b", _I),
            re.compile(r"\b(?:fue|era)\s+(?:en\s+parte\s+)?(?:su|culpa\s+suya)\s*(?:culpa)?\b", _I),
            re.compile(r"(?<!no\s)\bsabía\s+(?:muy\s+bien\s+)?(?:lo|a\s+lo)\s+que\s+(?:hacía|venía|iba)\b", _I),
            re.compile(r"\bno\s+puede\s+quejarse\b", _I),
            re.compile(r"\bque\s+no\s+se\s+hubiera\s+(?:puesto|vestido|ido|venido)\b", _I),
            re.compile(r"\bella\s+(?:empezó|se\s+me\s+insinuó|me\s+buscó)\b", _I),
            re.compile(r"\bqué\s+hacía\s+(?:ella\s+)?sola\b", _I),
            re.compile(r"\bpero\s+ella\s+(?:también\s+)?(?:había\s+bebido|estaba\s+borracha|bebió|coqueteaba|empezó)\b", _I),
            re.compile(r"\bcon\s+esa\s+(?:falda|ropa|blusa|minifalda)\b", _I),
            re.compile(r"\biba\s+buscando\b", _I),
            re.compile(r"\bsi\s+(?:ella\s+)?no\s+hubiera\s+(?:coqueteado|bebido|ido|venido|provocado|insistido|salido)\b", _I),
            re.compile(r"\bse\s+(?:puso|metió)\s+en\s+esa\s+situación\b", _I),
            re.compile(r"\bquería\s+llamar\s+la\s+atención\b", _I),
            re.compile(rf"\b{_ELLA}\s+(?:me\s+)?(?:coqueteó|coqueteaba)\s+(?:primero|toda\s+la\s+noche|también)\b", _I),
        ],
        "joking": [
            re.compile(r"\b(?:era|fue|es|solo\s+era|sólo\s+era|era\s+solo|era\s+sólo)\s+(?:una\s+)?(?:broma|bromita|"
                       r"chiste|chascarrillo|cachondeo|vacilada|joda|chacota)\b", _I),
            re.compile(r"\b(?:solo|sólo|nada\s+más|nomás)\s+(?:estaba\s+|estábamos\s+)?(?:bromeando|bromeaba|"
                       r"jugando|jugaba|vacilando|vacilaba|de\s+broma|de\s+coña|de\s+joda|por\s+reír)\b", _I),
            re.compile(r"\bde\s+(?:broma|coña|joda|cachondeo|chiste)\b", _I),
            re.compile(r"\bno\s+(?:aguanta|aguantan|sabe|saben|tiene|tienen)\s+(?:una\s+broma|sentido\s+del\s+humor)\b",
                       _I),
            re.compile(r"\bpara\s+reírnos\b", _I),
            re.compile(r"\b(?:ya\s+)?nadie\s+(?:aguanta|soporta|acepta)\s+una\s+broma\b", _I),
            re.compile(r"\b(?:era|fue)\s+(?:solo\s+|sólo\s+)?un\s+juego\b", _I),
            re.compile(r"\bpara\s+molestar(?:la|le)?\s+un\s+rato\b", _I),
            re.compile(r"\b(?:así\s+es\s+nuestro\s+humor|chistes\s+entre\s+(?:compas|amigos|colegas))\b", _I),
            re.compile(r"\ben\s+plan\s+de\s+(?:broma|coña|chiste)\b", _I),
        ],
        "everyone_does_it": [
            re.compile(r"\b(?:todos|todo\s+el\s+mundo|todos\s+los\s+(?:hombres|chicos|tíos|tipos|demás))\s+(?:lo\s+)?"
                       r"(?:hace|hacen|hacía|hacían|dice|dicen|decían)\b", _I),
            re.compile(r"\b(?:así\s+es|así\s+son|así\s+eran|así\s+era)\s+(?:la\s+cosa|las\s+cosas|los\s+hombres|"
                       r"el\s+ambiente|la\s+oficina|el\s+trabajo)\b", _I),
            re.compile(r"\b(?:es|era|fue)\s+(?:lo\s+)?normal\b", _I),
            re.compile(r"\bcualquier\s+(?:hombre|tipo|tío|otro)\s+(?:lo\s+)?(?:habría|hubiera)\b", _I),
            re.compile(r"\bnadie\s+(?:le\s+)?(?:daba|dio|da)\s+importancia\b", _I),
            re.compile(r"\bcosas\s+de\s+(?:hombres|chicos|la\s+oficina)\b", _I),
            re.compile(r"\btod[oa]s\b(?:\s+(?:mis|los|nuestros)\s+\w+)?[^.!?]{0,30}?\b(?:hacía\w*|hablaba\w*|decía\w*|"
                       r"hacíamos|hablábamos|decíamos|hacen|hablan|dicen)\b[^.!?]{0,20}?\b(?:lo\s+mismo|así|esas?|esos?)\b",
                       _I),
            re.compile(r"\b¿?por\s+qué\s+(?:a\s+mí|solo\s+yo|señalarme)\b", _I),
            re.compile(r"\blo\s+que\s+se\s+hacía\b", _I),
            re.compile(r"\basí\s+nos\s+(?:criaron|educaron|enseñaron)\b", _I),
            re.compile(r"\bde\s+lo\s+más\s+normal\b", _I),
            re.compile(r"\btodo\s+el\s+mundo\s+(?:les?\s+|lo\s+)?(?:dice|dicen|hace|hacen|decía|hacía)\b", _I),
            re.compile(r"\b(?:es|era)\s+(?:algo\s+)?normal\s+(?:que|en|entre)\b", _I),
        ],
        "consent_excuse": [
            re.compile(r"\b(?:ella\s+)?(?:no|nunca)\s+(?:me\s+)?(?:dijo|decía|había\s+dicho)\s+(?:que\s+)?no\b", _I),
            re.compile(r"\b(?:ella\s+)?(?:no|nunca)\s+me\s+(?:pidió|dijo)\s+que\s+(?:parara|parase|me\s+detuviera|"
                       r"me\s+fuera)\b", _I),
            re.compile(r"\b(?:ella\s+)?(?:no|nunca)\s+(?:se\s+)?(?:quejó|resistió|apartó|negó|opuso|me\s+paró|me\s+frenó|"
                       r"me\s+apartó)\b", _I),
            re.compile(r"\bquien\s+calla\s+otorga\b", _I),
            re.compile(r"\ben\s+ningún\s+momento\s+(?:me\s+)?dijo\s+que\s+no\b", _I),
            re.compile(r"\bsi\s+no\s+dice\s+nada\b[^.!?]*\bsí\b", _I),
            re.compile(r"\bme\s+devolvió\s+el\s+beso\b", _I),
            re.compile(r"\bya\s+lo\s+habíamos\s+hecho\b", _I),
            re.compile(r"\b(?:supuse|di\s+por\s+hecho|pensé|asumí)\s+que\s+(?:también\s+)?(?:le\s+parecía\s+bien|quería|"
                       r"estaba\s+de\s+acuerdo|le\s+gustaba)\b", _I),
            re.compile(r"\bpor\s+qué\s+no\s+(?:me\s+)?(?:apartó|paró|dijo|se\s+fue|gritó)\b", _I),
            re.compile(r"\b(?:parecía|se\s+veía)\s+(?:que\s+)?(?:le\s+gustaba|estar\s+(?:bien|de\s+acuerdo)|cómoda|"
                       r"contenta)\b", _I),
            re.compile(r"\bsi\s+no\s+quería,?\s+(?:lo\s+)?(?:hubiera|habría)\s+dicho\b", _I),
        ],
        "conditional_apology": [
            re.compile(r"\b(?:perdón|disculpas?|lo\s+siento)\s+si\b[^.!?]{0,60}\bse\s+(?:sintió|ofendió|molestó|incomodó)\b",
                       _I),
            re.compile(r"\bsi\s+(?:le\s+|la\s+)?(?:hice\s+daño|causé|ofendí|molesté|herí|lastimé)\b[^.!?]{0,40}\b(?:perdón|"
                       r"disculpas?|lo\s+siento)\b", _I),
            re.compile(r"\b(?:perdón|disculpas?|lo\s+siento|siento|pido\s+perdón|me\s+disculpo)\b[^.!?]{0,80}?\bsi\s+"
                       r"(?:ella\s+|alguien\s+)?(?:se\s+)?(?:sintió|sentía|ofendió|molestó|incomodó|lo\s+tomó|le\s+"
                       r"molestó|le\s+sentó|lo\s+vivió|ofendí|molesté|incomodé|hice\s+sentir)", _I),
            re.compile(r"\bsi\s+(?:alguien|ella)\s+se\s+(?:sintió|ofendió|molestó)\b[^.!?]*\b(?:perdón|disculpas?|lo\s+"
                       r"siento)\b", _I),
            re.compile(r"\bsiento\s+que\s+(?:ella\s+)?(?:se\s+)?(?:lo\s+tomara|lo\s+tomase|se\s+sintiera|se\s+ofendiera|"
                       r"lo\s+viera)\b", _I),
            re.compile(r"\b(?:perdón|disculpas?)\s+por\s+(?:cualquier|cualquiera|el)\s+(?:malentendido|molestia)\b", _I),
            re.compile(r"\b(?:perdón|disculpas?|lo\s+siento|lamento)\s+si\b", _I),
            re.compile(r"\blamento\s+que\s+(?:se\s+)?(?:haya|hubiera|sintiera|sienta|lo)\b", _I),
            re.compile(r"\bsiento\s+(?:mucho\s+)?que\s+(?:ella\s+)?(?:lo\s+)?(?:interpretara|tomara|viera|entendiera|"
                       r"se\s+sintiera|se\s+haya)\b", _I),
            re.compile(r"\b(?:me\s+disculpo|pido\s+disculpas|pido\s+perdón)\s+(?:con|a)\s+(?:quien|quienes|cualquiera|"
                       r"todo\s+aquel)\b", _I),
        ],
        "downplaying": [
            re.compile(r"\b(?:no|tampoco)\s+(?:fue|era|es)\s+para\s+tanto\b", _I),
            re.compile(r"(?<!\bno\s)\b(?:ella\s+)?(?:exageró|exageraba|exagera|se\s+pasó\s+de\s+sensible|es\s+muy\s+sensible|"
                       r"era\s+muy\s+sensible|hizo\s+un\s+drama|montó\s+un\s+drama|sacó\s+las\s+cosas\s+de\s+quicio)\b", _I),
            re.compile(r"\b(?:solo|sólo|nada\s+más|apenas)\s+(?:fue|era)\s+(?:un|una)\s+\w+", _I),
            re.compile(r"\b(?:fue|era)\s+(?:solo|sólo|nada\s+más|apenas)\s+(?:un|una)\s+\w+", _I),
            re.compile(r"\bno\s+(?:pasó|ocurrió|fue)\s+nada\b", _I),
            re.compile(r"\b(?:nada|no\s+fue\s+nada)\s+grave\b", _I),
            re.compile(r"\bno\s+(?:le\s+)?hice\s+(?:ningún|nada\s+de)\s+daño\b", _I),
            re.compile(r"\b(?:una\s+tontería|una\s+tontada|una\s+chorrada|una\s+pavada|una\s+boludez)\b", _I),
            re.compile(r"\b(?:fue|era)\s+un\s+malentendido\b", _I),
            re.compile(r"\b(?:solo|sólo|apenas)\s+le\s+(?:di|toqué|agarré|empujé|besé|escribí|mandé|dije)\b", _I),
            re.compile(r"\b(?:empujoncito|toquecito|piquito|besito|nalgadita)\b", _I),
            re.compile(r"(?<!\bno\s)\b(?:está|estaba)\s+exagerando\b", _I),
            re.compile(r"\bno\s+es\s+para\s+que\s+me\b", _I),
            re.compile(r"\b(?:una\s+pendejada|una\s+bobada|una\s+gilipollez|una\s+estupidez)\b", _I),
            re.compile(r"\bun\s+poco\s+(?:fuertes?|subidas?\s+de\s+tono|bruscos?)\b", _I),
            re.compile(r"\btampoco\s+(?:fue|era|es)\s+(?:tan|para)\b", _I),
        ],
        "excuse": [
            re.compile(r"\b(?:el\s+alcohol|la\s+bebida|el\s+trago|las\s+copas|la\s+droga|el\s+estrés|la\s+rabia)\s+"
                       r"(?:tuvo|tenía|tiene)\s+la\s+culpa\b", _I),
            re.compile(r"\b(?:culpa|culpo)\s+(?:de|a|al)\s+(?:el\s+|la\s+)?(?:alcohol|bebida|estrés|trago|copas)\b", _I),
            re.compile(r"\b(?:estaba|iba|andaba)\s+(?:muy\s+|tan\s+)?(?:borracho|bebido|pedo|tomado|drogado|colocado)\b"
                       r"[^.!?]*\bno\s+(?:era|fui)\s+yo\b", _I),
            re.compile(r"\bno\s+(?:era|fui|soy)\s+yo(?:\s+mismo)?\b", _I),
            re.compile(r"\bno\s+(?:pude|podía|puedo)\s+(?:evitarlo|controlarme|contenerme|aguantarme)\b", _I),
            re.compile(r"\b(?:los\s+)?(?:hombres|chicos)\s+(?:somos|son)\s+así\b", _I),
            re.compile(r"\b(?:es|está\s+en)\s+(?:nuestra|mi|la)\s+naturaleza\b", _I),
            re.compile(r"\bfue\s+(?:culpa\s+)?del?\s+(?:alcohol|estrés|trago|vino|cerveza)\b", _I),
            re.compile(r"\b(?:era|fue)\s+(?:el|la)\s+(?:alcohol|bebida|estrés|droga)\b", _I),
            re.compile(r"\bme\s+(?:cegué|nublé|calenté)\b", _I),
            re.compile(r"\b(?:perdí\s+los\s+papeles|se\s+me\s+fue\s+la\s+mano|se\s+me\s+cruzaron\s+los\s+cables|exploté|"
                       r"me\s+salí\s+de\s+mí)\b", _I),
            re.compile(r"\bno\s+(?:me\s+)?acuerdo\s+de\b", _I),
            re.compile(r"\bno\s+conocía\s+otra\s+cosa\b", _I),
            re.compile(r"\b(?:los\s+celos|el\s+alcohol|la\s+rabia|el\s+estrés|la\s+presión|las\s+drogas)\s+me\s+"
                       r"(?:cegaron|cegó|superó|superaron|pudo|pudieron|dominó|dominaron|hicieron|hizo)\b", _I),
            re.compile(r"\bno\s+sé\s+qué\s+me\s+pasó\b", _I),
            re.compile(r"\breaccioné\s+sin\s+pensar\b", _I),
            re.compile(r"\b(?:iba|estaba)\s+tan\s+(?:borracho|bebido|drogado|pedo)\b", _I),
            re.compile(r"\bno\s+(?:era|fue|es)\s+(?:culpa\s+mía|mi\s+culpa)\b", _I),
            re.compile(r"\b(?:iba|estaba)\s+(?:muy\s+)?(?:bebido|borracho|pedo|tomado|drogado)\s+y\s+no\s+sabía\b", _I),
            re.compile(r"\b(?:había|habíamos)\s+bebido\s+(?:un\s+poco|demasiado|mucho|bastante)\b", _I),
        ],
    },
    "fr": {
        "victim_blaming": [
            re.compile(r"\b(?:elle\s+)?l['’](?:a|avait)\s+(?:bien\s+|un\s+peu\s+)?cherché\b", _I),
            re.compile(r"\belle\s+le\s+cherchait\b", _I),
            re.compile(r"(?<!personne\s)(?<!\bne\s)\b(?:elle\s+)?m['’](?:a|avait)\s+(?:provoqué|chauffé|allumé|aguiché|"
                       r"cherché|dragué)\b", _I),
            re.compile(r"\belle\s+me\s+(?:provoquait|cherchait|chauffait|allumait|draguait)\b", _I),
            re.compile(r"\b(?:habillée|sapée|fringuée|maquillée)\s+comme\s+(?:ça|cela)\b", _I),
            re.compile(r"\b(?:à\s+quoi|qu['’]est-ce\s+qu['’])\s*elle\s+s['’]attendait\b", _I),
            re.compile(r"\bc['’](?:était|est)\s+(?:en\s+partie\s+|un\s+peu\s+|aussi\s+)?(?:de\s+)?sa\s+faute\b", _I),
            re.compile(r"\belle\s+savait\s+(?:très\s+bien\s+|parfaitement\s+|bien\s+)?(?:ce\s+qu['’]elle\s+faisait|"
                       r"à\s+quoi\s+s['’]attendre|où\s+elle\s+mettait\s+les\s+pieds|ce\s+qui\s+l['’]attendait)\b", _I),
            re.compile(r"\belle\s+(?:ne\s+)?(?:peut|pouvait)\s+pas\s+se\s+plaindre\b", _I),
            re.compile(r"\bqu['’]elle\s+ne\s+vienne\s+pas\s+se\s+plaindre\b", _I),
            re.compile(r"\belle\s+n['’](?:aurait|avait)\s+pas\s+(?:dû|à)\s+(?:boire|venir|s['’]habiller|mettre|porter|"
                       r"sortir|rester|flirter|monter|accepter|se\s+mettre)\b", _I),
            re.compile(r"\bsi\s+elle\s+n['’](?:avait|était)\s+pas\s+(?:bu|venue|flirté|mis|porté|sortie|montée?|insisté|"
                       r"provoqué|accepté)\b", _I),
            re.compile(r"\bmais\s+elle\s+(?:aussi\s+)?(?:avait\s+(?:aussi\s+)?bu|était\s+(?:ivre|saoule|soûle|bourrée)|"
                       r"flirtait|avait\s+commencé|a\s+commencé)\b", _I),
            re.compile(r"\bavec\s+(?:cette|une\s+telle|sa)\s+(?:jupe|robe|tenue|mini-?jupe|décolleté)\b", _I),
            re.compile(r"\b(?:c['’]est|c['’]était)\s+elle\s+qui\s+(?:a|avait)\s+commencé\b", _I),
            re.compile(r"\belle\s+(?:voulait|cherchait)\s+(?:qu['’]on\s+la\s+remarque|de\s+l['’]attention|"
                       r"(?:à\s+)?attirer\s+l['’]attention)\b", _I),
            re.compile(r"\bqu['’]est-ce\s+qu['’]elle\s+faisait\s+(?:toute\s+)?seule\b", _I),
            re.compile(r"\bs['’](?:est|était)\s+mise\s+(?:toute\s+seule\s+)?dans\s+cette\s+situation\b", _I),
            re.compile(r"\bm['’](?:a|avait)\s+poussé\s+à\s+bout\b", _I),
        ],
        "joking": [
            re.compile(r"\b(?:c['’]était|c['’]est|ce\s+n['’]était\s+qu['’]|ce\s+n['’]est\s+qu['’])\s*(?:juste\s+|seulement\s+|"
                       r"pour\s+)?(?:une\s+|de\s+l['’]|de\s+la\s+|du\s+)?(?:blague|plaisanterie|boutade|vanne|humour|"
                       r"déconne|rigolade|taquinerie|second\s+degré)\b", _I),
            re.compile(r"\b(?:je|on)\s+(?:ne\s+faisai[st]\s+que\s+|faisai[st]\s+juste\s+|voulai[st]\s+juste\s+)?"
                       r"(?:plaisanter|plaisantai[st]|rigoler|rigolai[st]|blaguer|blaguai[st]|déconner|déconnai[st]|"
                       r"taquiner|taquinai[st])\b", _I),
            re.compile(r"\bpour\s+(?:rire|rigoler|déconner|plaisanter|blaguer|s['’]amuser)\b", _I),
            re.compile(r"\bn['’](?:a|avait)\s+(?:aucun|pas\s+(?:le\s+|de\s+|d['’]))\s*(?:sens\s+de\s+l['’])?humour\b", _I),
            re.compile(r"\b(?:plus\s+)?personne\s+ne\s+(?:supporte|comprend|accepte)\s+(?:plus\s+)?(?:une|la|les)\s+"
                       r"(?:blague|plaisanterie|humour)s?\b", _I),
            re.compile(r"\belle\s+ne\s+(?:supporte|supportait|comprend|comprenait)\s+(?:pas|jamais)\s+(?:la|les|le)\s+"
                       r"(?:blague|plaisanterie|second\s+degré|humour)s?\b", _I),
            re.compile(r"\b(?:c['’]était|c['’]est)\s+(?:juste\s+|seulement\s+)?un\s+jeu\b", _I),
            re.compile(r"\b(?:au|du)\s+second\s+degré\b", _I),
            re.compile(r"\bpour\s+(?:la|le|les)\s+(?:charrier|embêter|taquiner|chambrer)\b", _I),
        ],
        "everyone_does_it": [
            re.compile(r"\b(?:tout\s+le\s+monde|tous\s+les\s+(?:hommes|mecs|gars|types|autres|copains|collègues))\s+"
                       r"(?:l['’]|le\s+|la\s+)?(?:fai\w*|font|di\w*|disent|agissai\w*|parlai\w*)\b", _I),
            re.compile(r"\bc['’](?:est|était)\s+(?:tout\s+à\s+fait\s+|complètement\s+|parfaitement\s+)?normal\b"
                       r"(?!\s+qu['’]elle)", _I),
            re.compile(r"\bc['’](?:est|était)\s+comme\s+ça\s+(?:chez\s+les\s+(?:hommes|mecs)|dans\s+(?:le|ce|notre)\s+"
                       r"milieu|au\s+boulot|au\s+travail|au\s+bureau|à\s+l['’]époque)\b", _I),
            re.compile(r"\bc['’](?:est|était)\s+(?:l['’]ambiance|la\s+culture|l['’]époque)\b", _I),
            re.compile(r"\bn['’]importe\s+quel\s+(?:homme|mec|gars|type)\s+(?:l['’]aurait|aurait)\b", _I),
            re.compile(r"\bpersonne\s+n['’]y\s+(?:faisait|prêtait|a\s+fait|a\s+prêté)\s+attention\b", _I),
            re.compile(r"\b(?:des\s+)?(?:trucs|histoires|choses|conneries)\s+de\s+(?:mecs|gars|vestiaire|bureau)\b", _I),
            re.compile(r"\bon\s+(?:le\s+)?(?:faisait|disait)\s+tous\b", _I),
            re.compile(r"\bpourquoi\s+(?:moi|s['’]en\s+prendre\s+à\s+moi)\s*\?", _I),
            re.compile(r"\bon\s+(?:nous\s+)?a\s+(?:élevés|éduqués)\s+comme\s+ça\b", _I),
            re.compile(r"\b(?:mes\s+(?:potes|copains|amis|collègues)|les\s+autres)\s+(?:faisaient|font|disaient|"
                       r"disent)\s+(?:pire|bien\s+pire|la\s+même\s+chose)\b", _I),
            re.compile(r"\btou(?:s|tes)\b(?:\s+(?:mes|les|nos)\s+\w+)?[^.!?]{0,30}?\b(?:faisai\w+|parlai\w+|disai\w+|"
                       r"faisions|parlions|disions|font|parlent|disent)\b[^.!?]{0,20}?\b(?:pareil|comme\s+ça|la\s+même\s+"
                       r"chose|ces|ce\s+genre)\b", _I),
        ],
        "consent_excuse": [
            re.compile(r"\b(?:elle\s+)?(?:ne\s+m['’]|n['’])(?:a|avait)\s+(?:jamais|pas|pas\s+une\s+seule\s+fois|à\s+aucun\s+"
                       r"moment)\s+dit\s+(?:non|stop|d['’]arrêter|de\s+(?:m['’])?arrêter|qu['’]elle\s+ne\s+voulait\s+pas)\b",
                       _I),
            re.compile(r"\b(?:personne|elle)\s+ne\s+m['’](?:a|avait)\s+(?:jamais\s+)?demandé\s+d['’]arrêter\b", _I),
            re.compile(r"\belle\s+(?:ne\s+m['’]|n['’])(?:a|avait)\s+(?:jamais|pas)\s+(?:repoussé|résisté|protesté|refusé|"
                       r"réagi|crié|bougé|arrêté)\b", _I),
            re.compile(r"\belle\s+ne\s+s['’](?:est|était)\s+(?:pas|jamais)\s+(?:débattue|dégagée|plainte|opposée|"
                       r"défendue)\b", _I),
            re.compile(r"\bqui\s+ne\s+dit\s+mot\s+consent\b", _I),
            re.compile(r"\bm['’]a\s+rendu\s+(?:mon|le)\s+baiser\b", _I),
            re.compile(r"\bon\s+l['’](?:avait|a)\s+déjà\s+fait\b", _I),
            re.compile(r"\bj['’]ai\s+(?:supposé|cru|pensé|imaginé|considéré|compris)\s+qu['’]elle\s+(?:était\s+d['’]accord|"
                       r"voulait|en\s+avait\s+envie|aimait\s+ça)\b", _I),
            re.compile(r"\bpourquoi\s+(?:est-ce\s+qu['’])?elle\s+(?:ne\s+m['’]a|n['’]est|n['’]a|ne\s+l['’]a)\s+pas\s+"
                       r"(?:repoussé|arrêté|dit|partie|crié|réagi)\b", _I),
            re.compile(r"\belle\s+(?:avait\s+l['’]air|semblait)\s+(?:d['’]accord|contente|à\s+l['’]aise|partante|"
                       r"d['’]aimer\s+ça|apprécier)\b", _I),
            re.compile(r"\bsi\s+elle\s+ne\s+voulait\s+pas,?\s+elle\s+(?:l['’]aurait|aurait)\s+dit\b", _I),
            re.compile(r"\ble\s+silence\s+(?:veut\s+dire|vaut|signifie)\s+oui\b", _I),
            re.compile(r"\belle\s+s['’]est\s+laissée?\s+faire\b", _I),
            re.compile(r"\bparce\s+qu['’]elle\s+ne\s+(?:disait|dit|a)\s+rien(?:\s+dit)?\b|"
                       r"\belle\s+ne\s+disait\s+rien,?\s+(?:donc|alors)\b", _I),
            re.compile(r"\bj['’]ai\s+(?:pensé|cru|supposé)\s+que\s+ça\s+(?:allait|lui\s+allait|lui\s+plaisait|"
                       r"lui\s+convenait)\b", _I),
        ],
        "conditional_apology": [
            re.compile(r"\b(?:désolée?|pardon|mes\s+excuses|je\s+m['’]excuse|je\s+suis\s+désolée?|je\s+regrette)\s+si\b", _I),
            re.compile(r"\b(?:je\s+regrette|je\s+suis\s+désolée?|désolée?)\s+qu['’](?:elle|on|ça)\s+(?:l['’]ait|ait|se\s+soit|"
                       r"l['’]a)\b", _I),
            re.compile(r"\bsi\b[^.!?]{0,40}\b(?:blessée?|offensée?|vexée?|heurtée?|mise?\s+mal\s+à\s+l['’]aise|fait\s+du\s+mal|"
                       r"gênée?)\b[^.!?]{0,40}\b(?:désolée?|excuse|excuses|pardon)\b", _I),
            re.compile(r"\b(?:je\s+m['’]excuse|je\s+présente\s+mes\s+excuses|désolée?|pardon)\s+(?:auprès\s+de\s+|à\s+)?"
                       r"(?:ceux|celles|toutes?\s+celles?|tous\s+ceux|quiconque)\s+qui\b", _I),
            re.compile(r"\b(?:désolée?|je\s+regrette)\s+que\s+(?:tu|vous)\s+(?:l['’]aies|l['’]ayez|aies|ayez|te\s+sois|"
                       r"vous\s+soyez)\b", _I),
            re.compile(r"\b(?:désolée?|pardon|excuses?)\s+pour\s+(?:tout|le|ce|ces|les|d['’]éventuels?)\s+"
                       r"(?:malentendus?|malaise|gêne)\b", _I),
        ],
        "downplaying": [
            re.compile(r"\b(?:ce\s+n['’]était|c['’]était|c['’]est|ce\s+n['’]est)\s+pas\s+(?:si\s+|aussi\s+|bien\s+|très\s+|"
                       r"vraiment\s+)?(?:grave|méchant|terrible|dramatique)\b", _I),
            re.compile(r"\bpas\s+de\s+quoi\s+(?:en\s+)?faire\s+(?:tout\s+)?(?:un\s+|une\s+)?(?:plat|drame|histoire|fromage)\b",
                       _I),
            re.compile(r"\b(?:elle\s+)?(?:en\s+)?a\s+fait\s+(?:tout\s+)?(?:un|une)\s+(?:drame|plat|fromage|montagne|histoire)\b",
                       _I),
            re.compile(r"\b(?:ce\s+n['’]était|ce\s+n['’]est)\s+qu['’](?:un|une)\s+(?!blague|plaisanterie|jeu)\w+", _I),
            re.compile(r"\b(?:c['’]était|c['’]est)\s+(?:juste|seulement|simplement)\s+(?:un|une|quelques|des)\s+"
                       r"(?!blague|plaisanterie|jeu)\w+", _I),
            re.compile(r"\b(?:l['’]ai|lui\s+ai)\s+(?:juste|seulement|à\s+peine)\s+(?:touchée?|poussée?|embrassée?|effleurée?|"
                       r"frôlée?|attrapée?|pris\s+la\s+main|écrit|envoyé|dit)\b", _I),
            re.compile(r"\bje\s+n['’]ai\s+fait\s+que\s+(?:la|lui|l['’])\s*\w+", _I),
            re.compile(r"\b(?:un\s+petit|une\s+petite|un\s+léger|une\s+légère)\s+(?:poussée?|tape|claque|bisou|bise|geste|"
                       r"pichenette|main\s+aux\s+fesses|coup)\b", _I),
            re.compile(r"\belle\s+(?:a\s+(?:trop\s+|beaucoup\s+|un\s+peu\s+)?(?:exagéré|surréagi|dramatisé)|exagérait|exagère|"
                       r"en\s+(?:a|avait)\s+fait\s+trop|(?:était|est)\s+(?:trop|hyper|très)\s+sensible|était\s+hystérique|"
                       r"s['’]est\s+montée\s+la\s+tête)\b", _I),
            re.compile(r"\bil\s+ne\s+s['’](?:est|était)\s+(?:rien|pas\s+grand-chose)\s+passé\b", _I),
            re.compile(r"\brien\s+de\s+(?:bien\s+|très\s+)?(?:grave|méchant|mal|sérieux)\b", _I),
            re.compile(r"\bje\s+ne\s+lui\s+ai\s+(?:rien\s+fait|(?:pas\s+)?fait\s+(?:aucun|de)\s+mal)\b", _I),
            re.compile(r"\bça\s+n['’]a\s+(?:fait\s+de\s+mal\s+à|blessé)\s+personne\b", _I),
            re.compile(r"\bc['’](?:était|est)\s+(?:un\s+)?(?:simple\s+)?malentendu\b", _I),
            re.compile(r"\b(?:une\s+)?(?:broutille|peccadille)\b|\bune\s+(?:petite\s+)?(?:bêtise|connerie)\b", _I),
            re.compile(r"\bun\s+peu\s+(?:lourde?s?|insistante?s?|osée?s?|limites?|brusques?|tactiles?|collante?s?)\b", _I),
            re.compile(r"\b(?:trois\s+fois\s+rien|c['’]était\s+rien|c['’]est\s+rien|ce\s+n['’](?:était|est)\s+rien)\b", _I),
        ],
        "excuse": [
            re.compile(r"\b(?:l['’]alcool|la\s+boisson|la\s+drogue|le\s+stress|la\s+colère|la\s+fatigue|la\s+jalousie|"
                       r"la\s+pression)\s+(?:m['’](?:a|avait)\s+(?:fait|poussé|rendu)|(?:a|avait)\s+parlé|(?:est|était)\s+"
                       r"(?:responsable|la\s+cause|en\s+cause)|m['’](?:a|avait)\s+aveuglé)\b", _I),
            re.compile(r"\bc['’](?:était|est)\s+(?:l['’]alcool|la\s+boisson|la\s+drogue|le\s+stress|la\s+fatigue|la\s+colère)\b",
                       _I),
            re.compile(r"\b(?:la\s+)?faute\s+(?:à|de)\s+(?:l['’]alcool|la\s+boisson|la\s+drogue|du\s+stress|au\s+stress|"
                       r"la\s+fatigue|mon\s+(?:travail|boulot|père|enfance|ex)|ma\s+(?:vie|enfance))\b", _I),
            re.compile(r"\bce\s+n['’](?:était|est)\s+pas\s+(?:vraiment\s+)?moi\b|\bje\s+n['’]étais\s+pas\s+(?:moi-même|moi)\b",
                       _I),
            re.compile(r"\bje\s+(?:n['’]ai\s+pas\s+pu|ne\s+pouvais\s+pas|ne\s+peux\s+pas)\s+(?:m['’]en\s+empêcher|"
                       r"me\s+contrôler|me\s+retenir|me\s+maîtriser|faire\s+autrement)\b", _I),
            re.compile(r"\bplus\s+fort\s+que\s+moi\b", _I),
            re.compile(r"\bles\s+(?:hommes|mecs|garçons)\s+(?:sont|seront\s+toujours|restent)\s+(?:comme\s+ça|des\s+"
                       r"(?:hommes|mecs|garçons))\b", _I),
            re.compile(r"\bun\s+homme\s+(?:reste|est)\s+un\s+homme\b", _I),
            re.compile(r"\bc['’]est\s+(?:dans\s+)?(?:notre|ma|la)\s+nature\b|\bc['’]est\s+(?:biologique|hormonal|"
                       r"la\s+testostérone)\b", _I),
            re.compile(r"\bj['’](?:ai|avais)\s+(?:pété\s+(?:un\s+câble|les\s+plombs)|perdu\s+(?:le\s+contrôle|mon\s+"
                       r"sang-froid|les\s+pédales)|vu\s+rouge|craqué|explosé|disjoncté)\b", _I),
            re.compile(r"\bun\s+coup\s+de\s+sang\b|\bla\s+main\s+(?:est|était)\s+partie\b|\bc['’]est\s+parti\s+tout\s+seul\b",
                       _I),
            re.compile(r"\bje\s+ne\s+me\s+(?:souviens|rappelle)\s+(?:plus\s+|même\s+pas\s+|de\s+)?(?:de\s+)?rien\b|"
                       r"\bje\s+ne\s+m['’]en\s+souviens\s+(?:même\s+)?(?:pas|plus)\b", _I),
            re.compile(r"\bj['’](?:étais|avais)\s+(?:tellement|trop|complètement|totalement|très|vraiment)\s+"
                       r"(?:ivre|saoul|soûl|bourré|bu|défoncé|stressé|en\s+colère)\b", _I),
            re.compile(r"\bj['’]avais\s+(?:un\s+peu\s+|trop\s+|beaucoup\s+|pas\s+mal\s+)bu\b|"
                       r"\bj['’]avais\s+(?:pris\s+)?(?:un|quelques)\s+verres?\s+de\s+trop\b", _I),
            re.compile(r"\bje\s+ne\s+connaissais\s+(?:rien\s+d['’]autre|que\s+ça)\b", _I),
            re.compile(r"\bje\s+ne\s+sais\s+pas\s+ce\s+qui\s+m['’]a\s+pris\b", _I),
            re.compile(r"\bce\s+n['’](?:était|est)\s+pas\s+(?:de\s+)?ma\s+faute\b", _I),
            re.compile(r"\bj['’]avais\s+(?:passé\s+)?une\s+(?:sale|mauvaise|dure)\s+(?:journée|semaine|période)\b", _I),
        ],
    },
}

# Cues that the writer is naming an excuse in order to let go of it.
DISTANCING = {
    "en": re.compile(
        r"\b(?:used\s+to|would\s+(?:tell|say)|told\s+myself|told\s+(?:everyone|people|them|her|my\s+friends)|"
        r"i\s+(?:said\s+(?:that\s+)?(?:it|this)\s+was|claimed|insisted|pretended|convinced\s+myself|kept\s+(?:saying|"
        r"calling)|called\s+it|repeated\s+it)|(?:kept\s+)?calling\s+it|the\s+line|first\s+draft|told\s+me\s+(?:that\s+)?"
        r"(?:it|that)\s+was|was\s+not\s+an\s+apology|wasn'?t\s+an\s+apology|convinced\s+myself|"
        r"no\s+longer|not\s+anymore|(?:can|could)\s*(?:not|n'?t)\s+(?:say|pretend|claim|hide)|won'?t\s+(?:say|claim|"
        r"pretend)|stop(?:ped)?\s+(?:saying|telling|pretending|believing|hiding)|hid\s+behind|hide\s+behind|"
        r"excuse|lie\b|a\s+lie|wasn'?t\s+true|isn'?t\s+true|not\s+true|myth|(?:i\s+now|now\s+i)\s+(?:see|know|understand)|"
        r"(?:is|was)\s+not\s+(?:an\s+)?(?:excuse|consent)|doesn'?t\s+mean|does\s+not\s+mean|didn'?t\s+mean\s+yes|"
        r"not\s+(?:a|the\s+same\s+as)\s+(?:yes|consent)|no\s+matter|i\s+(?:thought|believed)\s+(?:it|that)\s+was|i\s+blamed|"
        r"(?:the\s+)?story\s+i\s+told|the\s+line\s+i\s+used|without\s+(?:an?\s+)?(?:if|excuse|but)|"
        r"(?:never|not)\s+(?:just\s+)?(?:a\s+)?joke|no\s+version\s+of|"
        r"(?:wasn'?t|was\s+not|is\s+not|isn'?t|never)\s+(?:her|their)\s+fault)",
        re.IGNORECASE,
    ),
    "es": re.compile(
        r"\b(?:me\s+(?:decía|dije|repetía|convencí|escudaba|escondía|justificaba)|(?:yo\s+)?decía\s+que|dije\s+que|"
        r"solía\s+(?:decir|pensar|creer)|creía\s+que|pensaba\s+que|(?:era|es)\s+(?:una\s+)?mentira|ya\s+no|"
        r"no\s+puedo\s+(?:decir|seguir\s+diciendo|esconderme|fingir)|dejé\s+de\s+(?:decir|pensar|creer|esconderme)|"
        r"excusa|pretexto|no\s+es\s+(?:cierto|verdad|consentimiento|excusa)|no\s+era\s+(?:cierto|verdad)|mito|"
        r"ahora\s+(?:sé|veo|entiendo)|no\s+significa|no\s+es\s+un\s+sí|sin\s+(?:condiciones|peros|excusas|un\s+si)|"
        r"lo\s+que\s+(?:me\s+)?contaba|lo\s+repetí|se\s+lo\s+oí|me\s+hicieron\s+ver|"
        r"no\s+es\s+pedir\s+perdón|borrador|me\s+escudé|le\s+eché\s+la\s+culpa|culpaba\s+a|(?:no|nunca)\s+(?:fue|era)\s+"
        r"(?:una\s+)?broma|(?:les\s+)?contaba\s+a\s+todos|llamarlo|sería\s+mentir|(?:no|nunca)\s+(?:fue|era)\s+(?:su\s+culpa|culpa\s+suya))",
        re.IGNORECASE,
    ),
    # "excuse" alone is left out: in French it is also how one apologises ("je m'excuse si...").
    "fr": re.compile(
        r"\b(?:je\s+me\s+(?:disais|suis\s+dit|répétais|racontais|cachais|réfugiais|abritais|justifiais|persuadais|"
        r"convainquais|suis\s+convaincu|suis\s+caché)|je\s+disais\s+(?:que|à\s+tout\s+le\s+monde)|j['’]ai\s+dit\s+que|"
        r"je\s+(?:pensais|croyais)\s+que|(?:c['’]était|c['’]est)\s+(?:un\s+)?mensonge|ce\s+n['’](?:était|est)\s+pas\s+vrai|"
        r"plus\s+jamais|je\s+ne\s+(?:peux|pourrai|veux)\s+plus|ne\s+(?:dis|pense|crois|raconte)\s+plus|"
        r"j['’]ai\s+arrêté\s+de|(?:me\s+cacher|me\s+réfugier|m['’]abriter|me\s+suis\s+caché)\s+derrière|"
        r"(?:mis|mettre|mettais)\s+(?:ça|tout)\s+sur\s+le\s+compte|prétexte|"
        r"(?:une|d['’]|comme|bonne|mauvaise)\s*excuse\b(?!\s+si)|mythe|"
        r"n['’](?:est|était)\s+pas\s+(?:un\s+)?(?:consentement|une\s+excuse|des\s+excuses|un\s+oui)|"
        r"(?:maintenant|aujourd['’]hui)\s*,?\s*je\s+(?:sais|vois|comprends)|ne\s+veut\s+pas\s+dire|ne\s+signifie\s+pas|"
        r"sans\s+(?:conditions?|«\s*mais|mais|excuses?|«\s*si|si)\b|brouillon|ce\s+que\s+je\s+racontais|"
        r"(?:on|le\s+groupe|il|elle)\s+m['’]a\s+fait\s+(?:voir|comprendre)|j['’]accusais|j['’]ai\s+accusé|"
        r"je\s+(?:rejetais|mettais)\s+(?:la\s+faute|tout|ça)|(?:n['’]a|n['’]en\s+a)\s+jamais\s+été\s+une|"
        r"(?:ce\s+n['’]était|ce\s+n['’]est)\s+pas\s+(?:une\s+)?blague|(?:ce\s+n['’]était|ce\s+n['’]est)\s+pas\s+"
        r"(?:de\s+)?sa\s+faute|personne\s+ne\s+m['’]a\s+provoqué)",
        re.IGNORECASE,
    ),
}
# --- Portuguese (pt) ---------------------------------------------------------------------------------------------
# Brazilian and European usage alike; enclitic forms ("provocou-me") where they are common.
_ELA = r"(?:ela|ele|a\s+moça|a\s+menina|minha\s+(?:esposa|mulher|namorada|parceira|companheira|ex|colega))"
_DESCULPA = r"(?:desculpa|desculpe|desculpas|perdão|sinto\s+muito|lamento|peço\s+desculpas|peço\s+perdão|me\s+desculpo)"
PATTERNS["pt"] = {
    "victim_blaming": [
        re.compile(rf"\b{_ELA}\s+(?:estava|tava)\s+(?:pedindo|a\s+pedir)\b", _I),
        re.compile(r"\b(?:ela\s+)?(?:pediu|procurou)\s+(?:por\s+)?isso\b", _I),
        re.compile(r"(?<!ninguém\s)(?<!\bnão\s)\b(?:me|nos)\s+(?:provocou|provocava|provocaram|seduziu|seduzia|"
                   r"atiçou|atiçava)\b", _I),
        re.compile(r"\b(?:provocou|provocava|seduziu|atiçou)-(?:me|nos)\b", _I),
        re.compile(r"\bela\s+(?:me\s+)?(?:deu|dava)\s+(?:sinais|abertura|mole|corda|confiança|trela)\b", _I),
        re.compile(rf"\b{_ELA}\s+não\s+(?:deveria|devia|tinha\s+que|tinha\s+de)\s+(?:ter\s+)?(?:ido|ir|vestido|vestir|"
                   r"vindo|vir|bebido|beber|saído|sair|estado|estar|flertado|flertar|usado|usar|se\s+vestido)\b", _I),
        re.compile(r"\b(?:vestida|estava\s+vestida|andava\s+vestida)\s+(?:assim|daquele\s+jeito|daquela\s+maneira|"
                   r"daquela\s+forma|desse\s+jeito)\b", _I),
        re.compile(r"\b(?:o\s+)?que\s+(?:é\s+que\s+)?(?:ela\s+)?esperava\b", _I),
        re.compile(r"\b(?:foi|era)\s+(?:em\s+parte\s+|metade\s+|também\s+)?culpa\s+(?:dela|delas|sua)\b", _I),
        re.compile(r"\b(?:a\s+)?culpa\s+(?:também\s+)?(?:foi|era)\s+(?:em\s+parte\s+)?dela\b", _I),
        re.compile(r"(?<!não\s)\bsabia\s+(?:muito\s+bem\s+|perfeitamente\s+)?(?:o\s+que\s+estava\s+(?:fazendo|"
                   r"a\s+fazer)|"
                   r"(?:onde|no\s+que|em\s+que)\s+(?:estava\s+)?(?:se\s+metendo|se\s+ia\s+meter|a\s+meter-se))\b", _I),
        re.compile(r"\b(?:ela\s+)?não\s+(?:pode|podia|tem\s+(?:o\s+)?direito\s+de)\s+(?:se\s+)?(?:reclamar|"
                   r"queixar)\b", _I),
        re.compile(r"\bela\s+(?:começou|se\s+insinuou|deu\s+em\s+cima\s+de\s+mim|veio\s+para\s+cima\s+de\s+mim|"
                   r"me\s+procurou|atirou-se\s+a\s+mim)\b", _I),
        re.compile(r"\bo\s+que\s+(?:é\s+que\s+)?(?:ela\s+)?(?:fazia|estava\s+fazendo|estava\s+a\s+fazer)\s+sozinha\b",
                   _I),
        re.compile(r"\bmas\s+ela\s+(?:também\s+)?(?:tinha\s+bebido|estava\s+bêbada|bebeu|flertava|estava\s+flertando|"
                   r"começou)\b", _I),
        re.compile(r"\bcom\s+(?:aquela|essa|uma)\s+(?:saia|roupa|blusa|minissaia|decote|saia\s+curta)\b", _I),
        re.compile(r"\bse\s+(?:ela\s+)?não\s+tivesse\s+(?:flertado|bebido|ido|vindo|provocado|insistido|saído|usado|"
                   r"vestido)\b", _I),
        re.compile(r"\b(?:se\s+(?:colocou|meteu|pôs)|colocou-se|meteu-se|pôs-se)\s+(?:naquela|nessa|numa)\s+situação\b",
                   _I),
        re.compile(r"\bqueria\s+(?:chamar\s+(?:a\s+)?atenção|atenção)\b", _I),
        re.compile(rf"\b{_ELA}\s+(?:me\s+)?(?:flertou|flertava|paquerou|paquerava|dava\s+em\s+cima|deu\s+em\s+cima)"
                   rf"(?:\s+de\s+mim|\s+comigo)?\s+(?:primeiro|a\s+noite\s+(?:toda|inteira)|também)\b", _I),
        re.compile(r"\bme\s+(?:fez|obrigou\s+a)\s+fazer\s+(?:isso|aquilo)\b", _I),
    ],
    "joking": [
        re.compile(r"\b(?:era|foi|é|só\s+era|era\s+só|era\s+apenas|foi\s+só|foi\s+apenas|é\s+só)\s+(?:uma\s+)?"
                   r"(?:brincadeira|brincadeirinha|piada|piadinha|zoeira|zoação|gozação|graça)\b", _I),
        re.compile(r"\b(?:só|apenas)\s+(?:estava\s+|estávamos\s+|tava\s+)?(?:brincando|zoando|a\s+brincar|"
                   r"tirando\s+onda|na\s+brincadeira|de\s+brincadeira|por\s+diversão|para\s+rir|pra\s+rir)\b", _I),
        re.compile(r"\b(?:de|na|por)\s+(?:brincadeira|zoeira|gozação|piada)\b", _I),
        re.compile(r"\bnão\s+(?:aguenta|aguentam|tem|têm|tinha)\s+(?:uma\s+)?(?:brincadeira|piada|senso\s+de\s+humor|"
                   r"sentido\s+de\s+humor)\b", _I),
        re.compile(r"\bnão\s+(?:sabe|sabem|soube|soube)\s+(?:levar|aceitar|ouvir)\s+(?:na\s+|uma\s+)?"
                   r"(?:brincadeira|piada)\b", _I),
        re.compile(r"\b(?:só\s+)?(?:para|pra)\s+(?:dar\s+risada|dar\s+umas\s+risadas|rir\s+um\s+pouco|"
                   r"a\s+gente\s+rir)\b",
                   _I),
        re.compile(r"\b(?:já\s+)?ninguém\s+(?:aguenta|suporta|aceita|leva)\s+(?:mais\s+)?(?:uma\s+)?"
                   r"(?:brincadeira|piada)\b", _I),
        re.compile(r"\b(?:era|foi)\s+(?:só\s+|apenas\s+)?um\s+jogo\b", _I),
        re.compile(r"\b(?:é|era)\s+(?:o\s+)?nosso\s+(?:jeito\s+de\s+|tipo\s+de\s+)?humor\b|\bpiadas?\s+entre\s+"
                   r"(?:amigos|colegas|parceiros|nós)\b", _I),
        re.compile(r"\bno\s+(?:clima|tom)\s+de\s+(?:brincadeira|piada|zoeira)\b", _I),
    ],
    "everyone_does_it": [
        re.compile(r"\b(?:todos|todo\s+mundo|toda\s+a\s+gente|todos\s+os\s+(?:homens|caras|rapazes|outros|gajos))\s+"
                   r"(?:o\s+)?(?:faz|fazem|fazia|faziam|fala|falam|falava|falavam|diz|dizem|dizia|diziam)\b", _I),
        re.compile(r"\b(?:é|era)\s+assim\s+(?:que\s+funciona|mesmo|com\s+os\s+homens)\b|\bassim\s+(?:é|são|eram|era)\s+"
                   r"(?:as\s+coisas|os\s+homens|o\s+ambiente|o\s+escritório|o\s+trabalho|a\s+vida)\b", _I),
        re.compile(r"(?<!não\s)\b(?:é|era|foi)\s+(?:algo\s+|uma\s+coisa\s+|super\s+|totalmente\s+|completamente\s+)?"
                   r"normal\b", _I),
        re.compile(r"\bqualquer\s+(?:homem|cara|um|outro|gajo)\s+(?:teria|faria|tinha)\b", _I),
        re.compile(r"\bninguém\s+(?:dava|deu|dá)\s+(?:muita\s+)?importância\b", _I),
        re.compile(r"\bcoisas?\s+de\s+(?:homem|homens|menino|meninos|garotos|moleque|rapazes|escritório)\b", _I),
        re.compile(r"\btod[oa]s\b(?:\s+(?:os\s+meus|as\s+minhas|meus|minhas|os|as|nossos)\s+\w+)?[^.!?]{0,30}?\b"
                   r"(?:faziam|falavam|diziam|fazíamos|falávamos|dizíamos|fazem|falam|dizem)\b[^.!?]{0,20}?\b"
                   r"(?:o\s+mesmo|assim|essas?|esses?|isso)\b", _I),
        re.compile(r"\bpor\s+que\s+(?:só\s+eu|logo\s+eu|apontar\s+para\s+mim|eu\s+e\s+não)\b", _I),
        re.compile(r"\bera\s+o\s+que\s+se\s+fazia\b", _I),
        re.compile(r"\bassim\s+(?:nos|me)\s+(?:criaram|educaram|ensinaram)\b|\bfoi\s+assim\s+que\s+(?:nos|me)\s+"
                   r"(?:criaram|educaram|ensinaram)\b|\b(?:fomos|fui)\s+(?:criados?|educados?)\s+assim\b", _I),
        re.compile(r"\b(?:a\s+coisa\s+)?mais\s+normal\s+do\s+mundo\b", _I),
    ],
    "consent_excuse": [
        re.compile(r"\b(?:ela\s+)?(?:não|nunca)\s+(?:me\s+)?(?:disse|falou|dizia|tinha\s+dito|disse-me)\s+(?:que\s+)?"
                   r"(?:não|para\s+parar|pra\s+parar)\b", _I),
        re.compile(r"\b(?:ela\s+)?(?:não|nunca)\s+me\s+(?:pediu|mandou)\s+(?:para\s+|pra\s+)?(?:parar|sair|"
                   r"ir\s+embora)\b",
                   _I),
        re.compile(r"\b(?:ela\s+)?(?:não|nunca)\s+(?:se\s+)?(?:queixou|reclamou|resistiu|recusou|opôs|me\s+parou|"
                   r"me\s+afastou|me\s+empurrou|se\s+afastou)\b", _I),
        re.compile(r"\bquem\s+cala\s+consente\b", _I),
        re.compile(r"\bem\s+(?:nenhum\s+momento|momento\s+algum|momento\s+nenhum)\s+(?:ela\s+)?(?:me\s+)?disse\s+"
                   r"(?:que\s+)?não\b", _I),
        re.compile(r"\bme\s+beijou\s+de\s+volta\b|\bretribuiu\s+o\s+beijo\b|\bcorrespondeu\s+(?:ao\s+)?"
                   r"(?:beijo|abraço)\b", _I),
        re.compile(r"\bjá\s+(?:tínhamos|tinhamos|tinha)\s+(?:feito|ficado|transado|dormido\s+juntos)\b", _I),
        re.compile(r"\b(?:achei|supus|pensei|presumi|dei\s+como\s+certo|dei\s+por\s+certo)\s+que\s+(?:ela\s+)?"
                   r"(?:também\s+)?(?:queria|estava\s+de\s+acordo|gostava|estava\s+tudo\s+bem|concordava|"
                   r"estava\s+a\s+gostar|"
                   r"estava\s+gostando)\b", _I),
        re.compile(r"\bpor\s+que\s+(?:é\s+que\s+)?(?:ela\s+)?não\s+(?:me\s+)?(?:afastou|parou|disse|"
                   r"foi\s+embora|gritou|"
                   r"saiu)\b", _I),
        re.compile(r"\bparecia\s+(?:que\s+(?:ela\s+)?(?:estava\s+)?)?(?:gostar|gostando|gostava|a\s+gostar|estar\s+bem|"
                   r"estar\s+de\s+acordo|de\s+acordo|à\s+vontade|estar\s+à\s+vontade|confortável|contente|"
                   r"tranquila)\b", _I),
        re.compile(r"\bse\s+(?:ela\s+)?não\s+quisesse,?\s+(?:teria|tinha)\s+(?:dito|falado)\b", _I),
    ],
    "conditional_apology": [
        re.compile(rf"\b{_DESCULPA}\s+se\b", _I),
        re.compile(rf"\bse\s+(?:a\s+|lhe\s+)?(?:magoei|ofendi|machuquei|incomodei|feri|chateei|"
                   rf"fiz\s+mal)\b[^.!?]{{0,40}}"
                   rf"\b{_DESCULPA}\b", _I),
        re.compile(rf"\b{_DESCULPA}\b[^.!?]{{0,80}}?\bse\s+(?:ela\s+|alguém\s+)?(?:se\s+)?(?:sentiu|sentia|ofendeu|"
                   rf"magoou|incomodou|chateou|levou\s+a\s+mal|a\s+ofendi|a\s+magoei|a\s+incomodei|fiz\s+)", _I),
        re.compile(rf"\bse\s+(?:alguém|ela)\s+se\s+(?:sentiu|ofendeu|magoou|incomodou|chateou)\b[^.!?]*\b{_DESCULPA}\b",
                   _I),
        re.compile(r"\b(?:sinto\s+muito|lamento)\s+que\s+(?:ela\s+)?(?:tenha\s+(?:se\s+sentido|ficado|levado|entendido|"
                   r"interpretado|visto)|se\s+sentisse|se\s+tenha\s+sentido|levasse|entendesse|visse)\b", _I),
        re.compile(r"\b(?:desculpa|desculpe|desculpas|perdão)\s+(?:por\s+|pelo\s+)?(?:qualquer|algum|o|eventual)\s+"
                   r"(?:mal-entendido|mal\s+entendido|incômodo|incómodo|transtorno)\b", _I),
        re.compile(r"\b(?:peço\s+desculpas|peço\s+perdão|me\s+desculpo)\s+a\s+(?:quem|quem\s+quer\s+que|"
                   r"todos\s+os\s+que|"
                   r"qualquer\s+pessoa|todas\s+as\s+pessoas\s+que)\b", _I),
    ],
    "downplaying": [
        re.compile(r"\b(?:não|nem)\s+(?:foi|era|é)\s+(?:para|pra)\s+tanto\b", _I),
        re.compile(r"(?<!\bnão\s)\b(?:ela\s+)?(?:exagerou|exagerava|exagera|estava\s+exagerando|está\s+exagerando|"
                   r"tá\s+exagerando|estava\s+a\s+exagerar|é\s+(?:muito\s+)?sensível\s+demais|era\s+sensível\s+demais|"
                   r"é\s+muito\s+sensível|era\s+muito\s+sensível|fez\s+(?:um\s+)?(?:drama|dramalhão|escândalo|"
                   r"tempestade))\b", _I),
        re.compile(r"\btempestade\s+num\s+copo\s+d['’]?água\b|\btempestade\s+em\s+copo\s+d['’]?água\b", _I),
        re.compile(r"\b(?:foi|era)\s+(?:só|apenas|somente)\s+(?:um|uma)\s+(?!brincadeira|piada|jogo)\w+", _I),
        re.compile(r"\b(?:só|apenas)\s+(?:foi|era)\s+(?:um|uma)\s+(?!brincadeira|piada|jogo)\w+", _I),
        re.compile(r"\bnão\s+(?:aconteceu|houve|se\s+passou|foi)\s+nada\b", _I),
        re.compile(r"\bnada\s+(?:de\s+)?(?:grave|demais|de\s+mais|sério)\b", _I),
        re.compile(r"\bnão\s+(?:lhe\s+)?(?:fiz|causei)\s+(?:nenhum\s+(?:mal|dano)|mal\s+(?:nenhum|algum)|"
                   r"dano\s+(?:nenhum|algum))\b", _I),
        re.compile(r"\b(?:uma\s+bobagem|uma\s+besteira|uma\s+bobeira|uma\s+parvoíce|uma\s+tolice|uma\s+idiotice|"
                   r"uma\s+coisinha)\b", _I),
        re.compile(r"\b(?:foi|era)\s+(?:tudo\s+)?um\s+mal[-\s]entendido\b", _I),
        re.compile(r"\b(?:só|apenas)\s+(?:a\s+|lhe\s+)?(?:toquei|encostei|agarrei|empurrei|beijei|escrevi|mandei|disse|"
                   r"abracei|segurei|apertei|dei\s+um)\b", _I),
        re.compile(r"\b(?:empurrãozinho|tapinha|apertãozinho|encostadinha|palmadinha|beijinho|toquezinho)\b", _I),
        re.compile(r"\bum\s+pouco\s+(?:pesad[oa]s?|fortes?|brut[oa]s?|grosseir[oa]s?|exagerad[oa]s?|"
                   r"brusc[oa]s?)\b", _I),
        re.compile(r"\b(?:nem|também\s+não)\s+(?:foi|era|é)\s+(?:tão|assim\s+tão)\s+(?:grave|sério|ruim|mau|"
                   r"mal)\b", _I),
    ],
    "excuse": [
        re.compile(r"\b(?:o\s+álcool|a\s+bebida|a\s+droga|as\s+drogas|o\s+estresse|o\s+stress|a\s+raiva|o\s+ciúme|"
                   r"os\s+ciúmes)\s+(?:teve|tinha|tem)\s+(?:a\s+)?culpa\b", _I),
        re.compile(r"\b(?:a\s+)?culpa\s+(?:foi|é|era)\s+d[oa]s?\s+(?:álcool|bebida|estresse|stress|drogas?|cerveja|"
                   r"vinho|cachaça)\b", _I),
        re.compile(r"\bculp(?:o|ei|ava)\s+(?:o|a|os|as)\s+(?:álcool|bebida|estresse|stress|drogas?)\b", _I),
        re.compile(r"\b(?:estava|tava|andava)\s+(?:muito\s+|tão\s+)?(?:bêbado|bebado|bebido|chapado|drogado|alterado|"
                   r"doidão|grosso)\b[^.!?]*\bnão\s+(?:era|fui|sou)\s+eu\b", _I),
        re.compile(r"\bnão\s+(?:era|fui|sou)\s+eu(?:\s+mesmo)?\b", _I),
        re.compile(r"\bnão\s+(?:consegui|conseguia|consigo|pude|podia)\s+(?:evitar|me\s+controlar|me\s+conter|"
                   r"controlar-me|conter-me|resistir)\b", _I),
        re.compile(r"\b(?:os\s+)?(?:homens|rapazes|caras|gajos)\s+(?:somos|são)\s+assim\b", _I),
        re.compile(r"\b(?:é|está\s+na)\s+(?:da\s+)?(?:nossa|minha)\s+natureza\b|\bnatureza\s+(?:masculina|"
                   r"do\s+homem)\b",
                   _I),
        re.compile(r"\b(?:foi|era)\s+(?:culpa\s+)?d[oa]\s+(?:álcool|estresse|stress|bebida|cerveja|vinho|droga)\b", _I),
        re.compile(r"\b(?:perdi\s+(?:a\s+cabeça|o\s+controle|o\s+controlo|as\s+estribeiras)|me\s+subiu\s+o\s+sangue|"
                   r"me\s+descontrolei|descontrolei-me|explodi|saí\s+de\s+mim|fiquei\s+cego|passei-me)\b", _I),
        re.compile(r"\bnão\s+(?:me\s+)?lembro\s+(?:de\s+nada|direito|bem|do\s+que)\b", _I),
        re.compile(r"\bnão\s+conhecia\s+outra\s+(?:coisa|forma)\b|\bera\s+tudo\s+o\s+que\s+eu\s+conhecia\b", _I),
        re.compile(r"\b(?:o\s+ciúme|os\s+ciúmes|o\s+álcool|a\s+raiva|o\s+estresse|a\s+pressão|as\s+drogas|"
                   r"a\s+bebida)\s+"
                   r"(?:me\s+)?(?:cegou|cegaram|dominou|dominaram|venceu|fez|fizeram|levou|levaram)\b", _I),
        re.compile(r"\bnão\s+sei\s+o\s+que\s+(?:me\s+deu|deu\s+em\s+mim|aconteceu\s+comigo|"
                   r"me\s+passou\s+pela\s+cabeça)\b",
                   _I),
        re.compile(r"\breagi\s+sem\s+pensar\b", _I),
        re.compile(r"\b(?:estava|tava)\s+tão\s+(?:bêbado|bebado|bebido|drogado|chapado)\b", _I),
        re.compile(r"\bnão\s+(?:foi|era|é)\s+(?:culpa\s+minha|minha\s+culpa)\b", _I),
        re.compile(r"\b(?:tinha|tínhamos)\s+bebido\s+(?:um\s+pouco|demais|muito|bastante)\b", _I),
    ],
}
DISTANCING["pt"] = re.compile(
    r"\b(?:dizia\s+a\s+mim\s+mesmo|disse\s+a\s+mim\s+mesmo|eu\s+me\s+dizia|me\s+convenci|convenci-me|me\s+escondia|"
    r"me\s+escondi|me\s+justificava|me\s+escudava|escondi-me|eu\s+dizia\s+que|eu\s+disse\s+que|"
    r"costumava\s+(?:dizer|pensar|"
    r"achar)|achava\s+que|pensava\s+que|(?:era|é|foi)\s+(?:uma\s+)?mentira|já\s+não|não\s+mais|não\s+posso\s+(?:dizer|"
    r"continuar\s+(?:a\s+)?dizer|me\s+esconder|fingir)|deixei\s+de\s+(?:dizer|pensar|acreditar|me\s+esconder|fingir)|"
    r"parei\s+de\s+(?:dizer|fingir|me\s+esconder|acreditar)|desculpa\s+esfarrapada|como\s+desculpa|pretexto|"
    r"justificativa|não\s+é\s+(?:verdade|consentimento)|não\s+era\s+verdade|mito|agora\s+(?:sei|vejo|entendo|percebo)|"
    r"não\s+significa|não\s+é\s+um\s+sim|não\s+era\s+um\s+sim|sem\s+(?:condições|desculpas|justificativas|“se”|\"se\")|"
    r"o\s+que\s+eu\s+contava|rascunho|culpei|culpava\s+(?:a|o)|(?:não|nunca)\s+(?:foi|era)\s+(?:uma\s+|só\s+uma\s+)?"
    r"(?:brincadeira|piada)|contava\s+a\s+todos|chamar\s+(?:isso|aquilo)\s+de|seria\s+mentir|"
    r"(?:não|nunca)\s+(?:foi|era)\s+(?:culpa\s+dela))",
    re.IGNORECASE,
)
OPENING_QUOTES = "“«‘"
CLOSING_QUOTES = "”»’"


def _quoted(sentence: str, at: int) -> bool:
    """Whether position `at` sits inside quotation marks: a phrase quoted is mentioned, not used."""
    before = sentence[:at]
    if before.count('"') % 2 == 1:
        return True
    return sum(before.count(q) for q in OPENING_QUOTES) > sum(before.count(q) for q in CLOSING_QUOTES)


SENTENCE = re.compile(r"[^.!?\n]+[.!?]*", re.UNICODE)


def find(text: str, *, language: str) -> list[Span]:
    """Every minimising or excusing phrase in `text`, as (category, start, end), in reading order."""
    patterns = PATTERNS.get(language, PATTERNS["en"])
    distancing = DISTANCING.get(language, DISTANCING["en"])
    found: list[Span] = []
    for sentence in SENTENCE.finditer(text):
        body = sentence.group()
        for category, shapes in patterns.items():
            for shape in shapes:
                match = shape.search(body)
                if match is None:
                    continue
                if distancing.search(body) or _quoted(body, match.start()):
                    break
                found.append((category, sentence.start() + match.start(), sentence.start() + match.end()))
                break
    return sorted(found, key=lambda span: span[1])
