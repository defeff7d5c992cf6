"""Word lists the pre-checks lean on, curated for Holdspace and tested against
tests/data/story_prechecks*.tsv. Lower-case; accents are kept, matching is on
the lower-cased word.

A list of first names cannot be complete. It catches a name at the start of a
sentence, where capital letters say nothing; elsewhere a capitalised word that
is not on the list of ordinary capitalised words is taken for a name.
"""

FIRST_NAMES = frozenset("""
aaron abby abigail adam adrian adriana agustín aisha alan alba albert alberto alejandra alejandro alex alexander
alexandra alfredo ali alice alicia alison amanda amber amelia amy ana andrea andrew andrés ángel ángela angela anna
anne antonio april arturo ashley aurora barbara beatriz becky ben benjamin beth bethany blanca brandon brian brittany
bruno camila carla carlos carmen carol carolina caroline catalina catherine cecilia charlie charlotte chloe chris
christina christine claire clara claudia cristina dan daniel daniela danielle david debbie diana diego dolores
dominic eduardo elena elisa elizabeth ella ellie emily emilia emma enrique eric erika ernesto esperanza esteban
eugenia eva fatima felipe fernanda fernando francisca francisco gabriel gabriela gemma george georgia gloria grace
guadalupe guillermo gustavo hannah harriet heather helen hugo ignacio inés irene isabel isabella ivan jack jacob
jade james jane jordan janet jasmine javier jen jenna jennifer jenny jess jessica jill jim jimena joanna joe john jordi
jorge josé josefina joseph josh juan juana judith julia julián julie julieta karen kate katie kelly kevin kim laura
lauren leah leire leo leticia liam lily linda lisa liz lola lorena lucas lucía lucy luis luisa lupe luz maddie
magdalena maite manuel manuela marcela marcos margaret margarita maría maria mariana marina mario marisol marta
martha martina mary matt matthew megan mercedes mia michael michelle miguel mike mireia miriam mohammed molly mónica
monica montse natalia natalie nerea nicole nina noelia nora norma olivia oscar pablo paola patricia paul paula
pedro pilar rachel ramón raquel rebecca ricardo rita roberto rocío rodrigo rosa rosario ruth sam samantha sandra
santiago sara sarah sebastián sergio silvia sofía sofia sonia sophie stephanie susan susana tamara teresa tom tomás
tony valentina valeria vanessa verónica veronica victoria violeta ximena yolanda zoe
agathe aïcha amandine antoine arnaud aurélie bastien bérénice brigitte camille céline chloé clémence coralie damien
élodie émilie fabien fatou florian françois françoise frédéric guillaume hélène inès jérôme julien karim kévin
laetitia léa léo leïla louise lucie maëlle manon margaux marie mathieu mathilde maxime mehdi nathalie nicolas océane
ophélie pauline philippe pierre quentin rachid romain samira sandrine sébastien stéphane sylvie thibault thomas
valérie vincent virginie yanis yann yasmine zoé marc luc éric jean louis théo nathan enzo clément alexis adrien
benoît cédric christophe olivier laurent anaïs justine morgane estelle gaëlle
""".split())

# Capitalised words that are not people: the first person, time words,
# languages and peoples, faiths, apps and a few of Holdspace's own words.
ORDINARY_CAPITALISED = frozenset("""
i i'm i've i'd i'll
monday tuesday wednesday thursday friday saturday sunday
lunes martes miércoles jueves viernes sábado domingo santo santa semana enero febrero marzo abril mayo junio julio
agosto septiembre octubre noviembre diciembre year grade
ética matemáticas historia lengua inglés física química biología filosofía religión música maths math history science
biology chemistry physics geography literature
january february march april may june july august september october november december
christmas easter reyes ramadan eid diwali thanksgiving halloween navidad semana santa nochebuena nochevieja
english spanish french german italian portuguese catalan basque galician arabic chinese british american mexican
spaniard argentinian colombian chilean peruvian latino latina latinx european african asian irish scottish welsh
catholic christian muslim jewish protestant evangelical hindu buddhist
god dios lord bible biblia church iglesia jesus
whatsapp instagram facebook twitter tiktok snapchat telegram signal tinder bumble grindr linkedin youtube google
zoom messenger email
holdspace metoo imperfectmen aa na
ok okay tv dj ceo hr it ok phd mba uk usa eu
mr mrs ms miss dr sr sra srta don doña
mom mum dad mother father mamá papá
""".split())

# Words that are ordinary in one language and a name in another ("Ella").
ORDINARY_BY_LANGUAGE = {
    "es": frozenset("ella él ellos ellas usted mi tu su luz paz sol mar fe".split()),
    "en": frozenset(),
    # French: pronouns and articles, and the time words, peoples, faiths and titles that are ordinary in French
    # only ("Mai", "Avril" are names elsewhere).
    "fr": frozenset("""
elle il on je tu nous vous le la les un une des du de au aux
lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril mai juin juillet août septembre
octobre novembre décembre noël pâques toussaint saint-valentin saint-sylvestre réveillon nouvel
français française anglais anglaise espagnol espagnole allemand allemande italien italienne portugais portugaise
arabe européen européenne africain africaine asiatique belge suisse québécois québécoise
catholique chrétien chrétienne musulman musulmane juif juive protestant protestante bouddhiste
dieu seigneur église jésus bible mathématiques maths histoire philosophie philo physique chimie biologie géographie
m mme mlle monsieur madame mademoiselle maman papa
""".split()),
}
# Words that start sentences and titles and are nobody's name, in English, Spanish and French: articles, pronouns,
# question words, joining words and the like ("What I did", "The night I stopped", "Cuando me di cuenta").
# Words that are also names (Will, May, Hope, Grace, Luz, Rosa, Dolores) are left out on purpose.
SENTENCE_STARTERS = frozenset("""
the a an this that these those there here what when where why how who whom whose which whatever whenever
and but or so yet because since although though if unless until while after before once then now today tonight
yesterday tomorrow later soon still even just only also maybe perhaps sometimes often never always every each
all some many most few no not nothing nobody nowhere none one two three first second last next another other
my your his her its our their he she we they it you me him us them myself i'm i've i'd i'll
it's that's there's what's here's let's don't didn't doesn't wasn't weren't can't couldn't won't wouldn't
is are was were be been being do does did have has had can could would should shall must might
yes well oh so as at in on of for from to with without by about into over under through during
instead anyway besides however therefore meanwhile finally
el la los las lo un una unos unas este esta estos estas ese esa esos esas eso esto aquel aquella
qué que cuándo cuando dónde donde por porque cómo como quién quien quiénes cuál cual cuáles
y e o u pero sino aunque si mientras después antes luego entonces ahora hoy ayer mañana nunca siempre
todavía aún ya también tampoco quizás quizá tal vez cada todo toda todos todas nada nadie ningún ninguna
yo tú nosotros nosotras vosotros me te se le les nos nuestro nuestra mis tus sus
es son era eran fue fueron soy estoy estaba estaban había hay he ha
al del con sin sobre desde hasta para en de a tras durante sí no bueno pues así además sin embargo
le les l' un une des du d' ce cet cette ces ça cela c'est c'était ceci celle celui ceux il ils elle elles on
je j' j'ai j'avais j'étais tu vous mon ma ton ta son sa notre nos votre vos leur leurs moi lui eux
quand où pourquoi comment qui qu' quoi quel quelle quels quelles lorsque puisque
et mais ou donc car ni puis alors après avant pendant depuis maintenant aujourd'hui demain jamais toujours
encore déjà aussi peut-être parfois souvent chaque toute tous toutes rien personne aucun aucune deux trois
premier première dernier dernière oui non bon bien ensuite enfin pourtant cependant au aux dans sur sous avec
sans pour par vers chez entre contre voilà comme même là ici plus moins très trop tellement cette fois
franchement honnêtement sincèrement bref ainsi
""".split())

# Job titles and family words people capitalise ("my Manager", "mi Jefe").
ROLE_WORDS = frozenset("""
manager boss director supervisor teacher coach captain chief head lead sergeant officer doctor
jefe jefa director directora supervisor supervisora profesor profesora entrenador capitán encargado encargada
chef cheffe patron patronne directeur directrice responsable superviseur superviseuse professeur prof entraîneur
capitaine médecin docteur proviseur
""".split())

# Words after which a capitalised word names a place.
PLACE_CUES_EN = ("in", "from", "near", "to", "outside", "around", "at")
PLACE_CUES_ES = ("en", "de", "desde", "cerca de", "a", "hacia", "por")

# Titles before a surname.
TITLES = ("Mr", "Mrs", "Ms", "Miss", "Dr", "Prof", "Sr", "Sra", "Srta", "Don", "Doña", "Dña", "Mme", "Mlle", "M",
          "Madame", "Monsieur", "Mademoiselle")

# Endings that make a capitalised name an organisation someone works for.
EMPLOYER_ENDINGS = (
    "Inc", "Ltd", "LLC", "Corp", "Corporation", "Company", "Co", "Group", "Holdings", "Partners", "Logistics",
    "Solutions", "Systems", "Consulting", "Consultants", "Media", "Foods", "Motors", "Industries", "Bank",
    "Insurance", "Technologies", "Tech", "Labs", "Studio", "Studios", "Agency", "Associates", "Construction",
    "Services", "Accounting", "Hospital", "Clinic", "Airlines", "Energy", "Pharma", "Software", "Design",
    "S.A.", "S.L.", "SA", "SL", "S.A", "S.L", "Asociados", "Consultores", "Abogados", "Transportes", "Construcciones",
    "Seguros", "Banco", "Grupo", "Hermanos", "Distribuciones",
)
EMPLOYER_STARTS = ("Hostelería", "Farmacias", "Logística", "Grupo", "Banco", "Transportes", "Construcciones", "Seguros", "Distribuciones", "Hospital",
                   "Clínica", "Editorial", "Industrias", "Laboratorios", "Farmacia")

SCHOOL_WORDS_EN = ("High School", "Secondary School", "Primary School", "School", "College", "University", "Academy",
                   "Polytechnic", "Institute")
SCHOOL_STARTS_ES = ("Universidad", "Colegio", "Instituto", "Escuela", "Liceo", "Academia", "Facultad", "IES", "CEIP",
                    "Conservatorio", "Universitat")

STREET_WORDS_EN = ("Street", "St", "Road", "Rd", "Avenue", "Ave", "Lane", "Ln", "Drive", "Dr", "Boulevard", "Blvd",
                   "Way", "Place", "Square", "Crescent", "Close", "Terrace", "Park", "Hill", "Grove", "Mews", "Gardens", "Row",
                   "Court")
STREET_STARTS_ES = ("Calle", "C/", "Avenida", "Av.", "Avda.", "Plaza", "Paseo", "Carrera", "Camino", "Ronda",
                    "Travesía", "Barrio", "Colonia", "Rambla", "Glorieta", "Pasaje", "Jirón", "Parque")
VENUE_WORDS_EN = ("Pub", "Bar", "Club", "Hotel", "Café", "Cafe", "Restaurant", "Gym", "Arms", "Inn", "Tavern",
                  "Lounge", "Centre", "Center", "Arena", "Stadium", "Mall", "Theatre", "Theater", "Hall")
VENUE_WORDS_LOWER_EN = ("pub", "bar", "club", "hotel", "café", "cafe", "restaurant", "gym", "nightclub", "disco")
VENUE_STARTS_ES = ("bar", "pub", "café", "cafetería", "restaurante", "discoteca", "hotel", "club", "gimnasio",
                   "centro comercial", "cine", "teatro", "hostal", "cantina", "taberna", "estadio")

MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec")
MONTHS_ES = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "setiembre",
             "octubre", "noviembre", "diciembre")
HOLIDAYS_EN = ("Christmas Eve", "Christmas Day", "Christmas", "New Year's Eve", "New Year's Day", "Valentine's Day",
               "Halloween", "Thanksgiving", "Easter Sunday", "Boxing Day")
HOLIDAYS_ES = ("Nochebuena", "Navidad", "Nochevieja", "Año Nuevo", "San Valentín", "Reyes", "Día de Muertos",
               "Domingo de Pascua", "San Juan")

# --- Portuguese (pt) ---------------------------------------------------------------------------------------------
# Brazilian and European usage alike. Kept apart and joined to the shared lists below, so each language's words
# stay together.
FIRST_NAMES_PT = frozenset("""
joão antônio antónio francisco paulo lucas gabriel rafael matheus mateus guilherme thiago tiago vinícius caio davi
enzo arthur heitor bernardo joaquim rui nuno duarte diogo gonçalo afonso andré fábio márcio marcio luiz luís júlio
renato rogério vítor vitor igor otávio raimundo sebastião leonardo marcelo flávio wagner cauã
antônia antónia juliana márcia patrícia aline bruna jéssica letícia luana larissa joana leonor matilde cláudia
tânia sónia sônia vera catarina renata priscila tatiana simone débora thaís thais bianca natália isabela isadora
helena lívia cecília lara heloísa giovanna yasmin eduarda luíza luiza rafaela kátia rosângela fabiana cristiane
viviane michele mônica verônica júlia lúcia conceição fátima beatriz
""".split())
FIRST_NAMES = FIRST_NAMES | FIRST_NAMES_PT

# Words at the start of a Portuguese sentence or title that are nobody's name ("Quando percebi", "O que eu fiz").
SENTENCE_STARTERS_PT = frozenset("""
o a os as um uma uns umas este esta estes estas esse essa esses essas isso isto aquele aquela aquilo
que quê quando onde porque porquê como quem qual quais e ou mas porém embora se enquanto depois antes logo
então agora hoje ontem amanhã nunca sempre ainda já também talvez cada todo toda todos todas nada ninguém
nenhum nenhuma eu você vocês nós ele ela eles elas me te lhe lhes nos meu minha meus minhas seu sua seus suas
nosso nossa é são era eram foi foram sou estou estava estavam havia há tinha tem no na nos nas do da dos das
ao aos à às pelo pela num numa naquela naquele nesse nessa neste nesta com sem sobre desde até para pra em de
durante sim não bom bem pois assim além aí lá aqui mesmo só apenas primeiro
desculpe desculpa perdão obrigado obrigada olha olhe sinto peço
""".split())
SENTENCE_STARTERS = SENTENCE_STARTERS | SENTENCE_STARTERS_PT

ORDINARY_BY_LANGUAGE["pt"] = frozenset("""
ele ela eles elas você vocês deus senhor nossa natal páscoa carnaval réveillon dona seu zap uber
janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro
segunda terça quarta quinta sexta sábado domingo segunda-feira terça-feira quarta-feira quinta-feira sexta-feira
português portuguesa brasileiro brasileira luz paz sol mar fé
""".split())

ROLE_WORDS = ROLE_WORDS | frozenset("""
chefe gerente diretor diretora supervisora professor professora treinador treinadora capitão encarregado
encarregada coordenador coordenadora
""".split())

MONTHS_PT = ("janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro",
             "novembro", "dezembro")
HOLIDAYS_PT = ("Véspera de Natal", "Natal", "Réveillon", "Ano Novo", "Dia dos Namorados", "Carnaval", "Páscoa",
               "São João", "Santo Antônio", "Santo António", "Festa Junina")
EMPLOYER_ENDINGS_PT = ("Ltda", "Ltda.", "Lda", "Lda.", "S/A", "S.A.", "SA", "Eireli", "Associados", "Advogados",
                       "Consultoria", "Engenharia", "Transportes", "Seguros", "Comunicação", "Tecnologia")
EMPLOYER_STARTS_PT = ("Grupo", "Banco", "Construtora", "Farmácia", "Farmácias", "Laboratório", "Laboratórios",
                      "Hospital", "Clínica", "Editora", "Indústrias", "Supermercado", "Supermercados", "Lojas",
                      "Transportadora", "Agência", "Escritório", "Padaria", "Restaurante", "Rede", "Companhia")
SCHOOL_STARTS_PT = ("Universidade", "Faculdade", "Colégio", "Escola", "Instituto", "Liceu", "Academia",
                    "Conservatório", "Centro Universitário", "Externato", "Agrupamento de Escolas")
STREET_STARTS_PT = ("Rua", "R.", "Avenida", "Av.", "Praça", "Pça.", "Travessa", "Largo", "Alameda", "Estrada",
                    "Rodovia", "Bairro", "Beco", "Ladeira", "Parque", "Condomínio", "Vila", "Jardim")
VENUE_STARTS_PT = ("bar", "boate", "balada", "restaurante", "lanchonete", "café", "cafeteria", "pastelaria",
                   "academia", "hotel", "pousada", "motel", "clube", "cinema", "teatro", "estádio", "shopping",
                   "boteco", "botequim", "pub", "danceteria", "discoteca", "padaria", "tasca", "quiosque")

# French: what is written in French only, and looked for only in a story written in French.
EMPLOYER_ENDINGS_FR = ("SARL", "SAS", "SASU", "EURL", "et Associés", "Associés", "Conseil", "Frères", "Immobilier",
                       "Assurances", "Logistique", "Industrie", "Bâtiment", "Distribution")
EMPLOYER_STARTS_FR = ("Transports", "Groupe", "Banque", "Assurances", "Cabinet", "Garage", "Boulangerie",
                      "Pharmacie", "Clinique", "Hôpital", "Laboratoires", "Éditions", "Établissements", "Ets",
                      "Brasserie", "Mutuelle", "Société")
SCHOOL_STARTS_FR = ("Université", "Lycée", "lycée", "Collège", "collège", "École", "école", "Ecole", "Institut",
                    "Faculté", "IUT", "Conservatoire", "Académie", "Sciences Po", "Prépa")
STREET_STARTS_FR = ("rue", "avenue", "av.", "boulevard", "bd", "place", "chemin", "impasse", "allée", "quai", "cours",
                    "route", "quartier", "faubourg", "cité", "résidence", "square", "passage", "parc")
VENUE_STARTS_FR = ("bar", "pub", "café", "restaurant", "resto", "brasserie", "bistrot", "boîte", "boîte de nuit",
                   "discothèque", "hôtel", "club", "salle de sport", "cinéma", "théâtre", "auberge", "camping",
                   "stade", "centre commercial")
MONTHS_FR = ("janvier", "février", "fevrier", "mars", "avril", "mai", "juin", "juillet", "août", "aout", "septembre",
             "octobre", "novembre", "décembre", "decembre")
HOLIDAYS_FR = ("Noël", "la Saint-Valentin", "Saint-Valentin", "le Nouvel An", "Nouvel An", "Pâques", "la Toussaint",
               "Toussaint", "le réveillon", "la Saint-Sylvestre", "Saint-Sylvestre", "la fête de la musique")
