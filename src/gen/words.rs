//! Word lists of the synthetic graph: names of people, communes, journals and
//! organisations, titles and sentence templates. Generated names are built from
//! these by index, so each index gives one name and no two indexes the same.

#[rustfmt::skip]
pub const SURNAMES: &[&str] = &[
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau",
    "Laurent", "Simon", "Michel", "Lefebvre", "Leroy", "Roux", "David", "Bertrand", "Morel",
    "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent",
    "Muller", "Lefevre", "Faure", "Andre", "Mercier", "Blanc", "Guerin", "Boyer", "Garnier",
    "Chevalier", "Francois", "Legrand", "Gauthier", "Garcia", "Perrin", "Robin", "Clement",
    "Morin", "Nicolas", "Henry", "Roussel", "Mathieu", "Gautier", "Masson", "Marchand", "Duval",
    "Denis", "Dumont", "Marie", "Lemaire", "Noel", "Meyer", "Dufour", "Meunier", "Brun",
    "Blanchard", "Giraud", "Joly", "Riviere", "Lucas", "Brunet", "Gaillard", "Barbier", "Arnaud",
    "Martinez", "Gerard", "Roche", "Renard", "Schmitt", "Roy", "Leroux", "Colin", "Vidal", "Caron",
    "Picard", "Roger", "Fabre", "Aubert", "Lemoine", "Renaud", "Dumas", "Lacroix", "Olivier",
    "Philippe", "Bourgeois", "Pierre", "Benoit", "Rey", "Leclerc", "Payet", "Rolland", "Leclercq",
    "Guillaume", "Lecomte", "Lopez", "Jean", "Dupuy", "Guillot", "Hubert", "Berger", "Carpentier",
    "Sanchez", "Dupuis", "Moulin", "Louis", "Deschamps", "Huet", "Vasseur", "Perez", "Boucher",
    "Fleury", "Royer", "Klein", "Jacquet", "Adam", "Paris", "Poirier", "Marty", "Aubry", "Guyot",
    "Carre", "Charles", "Renault", "Charpentier", "Menard", "Maillard", "Baron", "Bertin",
    "Bailly", "Herve", "Schneider", "Fernandez", "Collet", "Leger", "Bouvier", "Julien", "Prevost",
    "Millet", "Perrot", "Daniel", "Cousin", "Germain", "Breton", "Besson", "Langlois", "Remy",
    "Pelletier", "Leveque", "Perrier", "Leblanc", "Barre", "Lebrun", "Marchal", "Weber", "Mallet",
    "Hamon", "Boulanger", "Jacob", "Monnier", "Michaud", "Rodriguez", "Guichard", "Gillet",
    "Etienne", "Grondin", "Poulain", "Tessier", "Chevallier", "Collin", "Chauvin", "Bouvet", "Gay",
    "Lemaitre", "Benard", "Marechal", "Humbert", "Reynaud", "Antoine", "Hoarau", "Perret",
    "Barthelemy", "Cordier", "Pichon", "Lejeune", "Gilbert", "Lamy", "Delaunay", "Pasquier",
    "Carlier", "Laporte",
];

#[rustfmt::skip]
pub const INITIALS: &[&str] = &[
    "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "L", "M", "N", "O", "P", "R", "S", "T", "V",
    "Y",
];

#[rustfmt::skip]
pub const COMMUNE_ROOTS: &[&str] = &[
    "Aubigny", "Beaulieu", "Bellegarde", "Blanzac", "Boissy", "Bourgneuf", "Brassac", "Chambon",
    "Champagnac", "Chantelle", "Charmes", "Châteauneuf", "Chaumont", "Combloux", "Cormeilles",
    "Courcelles", "Crécy", "Dampierre", "Écouché", "Fresnay", "Gennevray", "Germigny", "Grandpré",
    "Houdan", "Javron", "Juvigny", "Lauzerte", "Lignières", "Longeville", "Lusignac", "Marcillac",
    "Mareuil", "Meyrueis", "Montbrun", "Mortagne", "Neuvic", "Nogaret", "Orbigny", "Pamproux",
    "Pressac", "Puylaurens", "Quincey", "Ravel", "Riberac", "Rochefort", "Ruffigny", "Sablonceaux",
    "Salviac", "Sauveterre", "Sérignac", "Solignac", "Tannay", "Thézac", "Tournon", "Trélissac",
    "Uzerche", "Vallières", "Varennes", "Vauclair", "Verneuil", "Vicdessos", "Villefranche",
    "Vitrac", "Yvrac",
];

/// Words before a commune root; each ends with a separator.
#[rustfmt::skip]
pub const COMMUNE_PREFIXES: &[&str] = &[
    "", "Saint-", "Villeneuve-", "Mont-", "Val-de-", "Bourg-", "Fontaine-", "Port-",
];

/// Words after a commune root; each starts with a separator.
#[rustfmt::skip]
pub const COMMUNE_SUFFIXES: &[&str] = &[
    "", "-sur-Loire", "-sur-Marne", "-sur-Saône", "-sur-Lot", "-sur-Mer", "-en-Bresse",
    "-les-Bains", "-le-Château", "-la-Forêt", "-le-Haut", "-le-Bas", "-d'Amont", "-d'Aval",
    "-en-Vexin", "-sous-Bois", "-la-Rivière", "-des-Champs", "-aux-Bois", "-en-Auge",
    "-sur-Vienne", "-sur-Cher", "-en-Argonne", "-la-Montagne", "-le-Vieux", "-le-Neuf",
    "-sur-Dordogne", "-en-Forez", "-sur-Isère", "-en-Morvan", "-lès-Nancy", "-sur-Orne",
    "-en-Barrois", "-la-Ville", "-la-Plage", "-en-Bocage", "-sur-Tarn", "-le-Comte", "-l'Abbaye",
    "-du-Lac", "-sur-Meuse", "-en-Champagne", "-sur-Sarthe", "-de-Bretagne", "-sur-Allier",
    "-en-Quercy", "-sous-Roche", "-le-Pont", "-les-Vignes", "-en-Gâtinais", "-sur-Aude",
    "-en-Velay", "-sur-Yonne", "-de-Provence", "-en-Ségala", "-sur-Charente", "-les-Prés",
    "-en-Bray", "-sur-Vire", "-les-Forges", "-en-Limousin", "-sur-Arve", "-la-Chapelle",
    "-sur-Eure", "-en-Woëvre", "-le-Désert", "-sur-Creuse", "-en-Caux", "-les-Fontaines",
    "-sur-Gartempe",
];

/// INSEE numbers of the départements, the first two characters of a commune code.
#[rustfmt::skip]
pub const DEPARTEMENT_CODES: &[&str] = &[
    "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15", "16",
    "17", "18", "19", "2A", "2B", "21", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31",
    "32", "33", "34", "35", "36", "37", "38", "39", "40", "41", "42", "43", "44", "45", "46", "47",
    "48", "49", "50", "51", "52", "53", "54", "55", "56", "57", "58", "59", "60", "61", "62", "63",
    "64", "65", "66", "67", "68", "69", "70", "71", "72", "73", "74", "75", "76", "77", "78", "79",
    "80", "81", "82", "83", "84", "85", "86", "87", "88", "89", "90", "91", "92", "93", "94", "95",
];

/// How a local dispositif is named after its territory (`{}`).
#[rustfmt::skip]
pub const INSTANCE_PATTERNS: &[&str] = &[
    "{}", "du Pays de {}", "de {}", "{} Nord", "{} Sud", "{} Centre", "des Rives de {}",
    "Vallée de {}", "{} et environs", "Cœur de {}", "{} Est", "{} Ouest",
];

#[rustfmt::skip]
pub const ORGANISATIONS: &[&str] = &[
    "Haute Autorité de santé", "DREES", "IRDES", "Cour des comptes", "IGAS", "Assemblée nationale",
    "Sénat", "Ministère des Solidarités et de la Santé", "Santé publique France", "ANAP",
    "FEMASCO", "AVECsanté", "FCPTS", "Fédération nationale des centres de santé",
    "Assurance maladie", "Haut Conseil pour l'avenir de l'assurance maladie",
    "Conseil national de l'ordre des médecins", "Institut national du cancer", "EHESP",
    "Observatoire national de la démographie des professions de santé",
    "Direction générale de l'offre de soins", "Mutualité française",
    "Fédération hospitalière de France", "Terra Nova", "Institut Montaigne", "France Stratégie",
    "OCDE", "OMS Europe", "CNSA", "ATIH",
];

/// Organisations named after a region: `{}` is the region's label.
#[rustfmt::skip]
pub const REGIONAL_ORGANISATIONS: &[&str] = &[
    "Observatoire régional de la santé {}", "URPS médecins libéraux {}",
    "Fédération des maisons de santé {}", "Conseil régional {}",
];

#[rustfmt::skip]
pub const JOURNALS: &[&str] = &[
    "Revue française des affaires sociales", "Santé publique", "Questions d'économie de la santé",
    "Études et résultats", "Revue d'épidémiologie et de santé publique", "Exercer",
    "La Revue du praticien", "Médecine", "Pratiques et organisation des soins",
    "Gestions hospitalières", "Journal de gestion et d'économie médicales",
    "Revue de droit sanitaire et social", "Sève", "Les Tribunes de la santé", "Soins",
    "Revue infirmière", "Santé Publique France – BEH", "Health Policy", "BMC Family Practice",
    "European Journal of General Practice", "Revue française d'administration publique", "Regards",
    "Actualité et dossier en santé publique", "Cahiers de santé publique et de protection sociale",
];

#[rustfmt::skip]
pub const PLACES: &[&str] = &[
    "Paris", "Rennes", "Saint-Denis", "Lyon", "Montrouge", "Bordeaux", "Lille", "Toulouse",
];

#[rustfmt::skip]
pub const SECTIONS: &[&str] = &[
    "Articles", "Rapports, études", "Thèses, diplômes", "Ouvrages", "Sites internet",
    "Textes de loi", "Bibliographie", "Pour aller plus loin",
];

#[rustfmt::skip]
pub const TITLE_OPENINGS: &[&str] = &[
    "Les", "Évaluation des", "Regards croisés sur les", "Dynamiques territoriales des",
    "Le développement des", "Panorama des", "Enjeux et perspectives des",
    "Retour d'expérience sur les", "Analyse du fonctionnement des", "Coordination et",
    "La gouvernance des", "Financer les", "L'émergence des", "Freins et leviers des",
    "Étude qualitative des", "Cartographie des",
];

#[rustfmt::skip]
pub const TITLE_TOPICS: &[&str] = &[
    "communautés professionnelles territoriales de santé",
    "maisons de santé pluriprofessionnelles", "centres de santé", "équipes de soins primaires",
    "contrats locaux de santé", "conseils locaux de santé mentale",
    "dispositifs d'appui à la coordination", "soins non programmés",
    "parcours de soins coordonnés", "protocoles de coopération", "pratiques avancées infirmières",
    "assistants médicaux", "déserts médicaux", "exercices coordonnés",
    "politiques de santé de proximité", "ateliers santé ville", "soins primaires",
    "projets territoriaux de santé", "téléconsultations", "urgences de ville",
];

#[rustfmt::skip]
pub const TITLE_ENDINGS: &[&str] = &[
    "", " en France", " : état des lieux", " en milieu rural", " : une revue de la littérature",
    " dans les quartiers prioritaires", " : enquête auprès des professionnels",
    " : quels modèles ?", " : bilan et perspectives", " : le point de vue des patients",
    " en Europe", " : une étude de cas",
];

#[rustfmt::skip]
pub const DOCUMENT_TITLES: &[&str] = &[
    "Synthèse documentaire : {}", "Dossier documentaire : {}", "Bibliographie commentée : {}",
    "Rapport d'étude : {}", "Note de l'ARS : {}", "Fiche repère : {}",
];

#[rustfmt::skip]
pub const CANDIDATE_HEADS: &[&str] = &[
    "conférence", "réseau", "plateforme", "comité", "pôle", "cellule", "conseil", "centre",
    "espace", "maison", "équipe", "guichet",
];

#[rustfmt::skip]
pub const CANDIDATE_QUALIFIERS: &[&str] = &[
    "territoriale de santé", "de coordination gérontologique", "de santé mentale de proximité",
    "d'appui aux parcours complexes", "de prévention locale", "d'orientation en soins primaires",
    "départementale de soins non programmés", "de santé communautaire", "d'accès aux droits",
    "interprofessionnel de proximité", "de télésanté", "de soins palliatifs à domicile",
];

#[rustfmt::skip]
pub const ABSTRACTS: &[&str] = &[
   
    "Cette étude décrit l'organisation des soins de premier recours et les formes d'exercice coordonné observées sur le territoire.",
    "Les auteurs analysent les conditions de réussite des projets de santé portés par les professionnels libéraux.",
    "À partir d'entretiens semi-directifs, le document met en évidence les freins à la coordination entre la ville et l'hôpital.",
    "Le rapport propose des recommandations pour l'accès aux soins dans les zones sous-denses.",
    "L'article revient sur dix ans de politiques publiques en faveur du regroupement des professionnels de santé.",
    "Une enquête par questionnaire a été menée auprès des coordinateurs et des porteurs de projet.",
    "Les résultats montrent une forte hétérogénéité des organisations selon les territoires.",
];

/// A relation's verb as the templates print it.
pub fn verb(relation: &str) -> &'static str {
    match relation {
        "created" => "crée",
        "modified" => "modifie",
        "regulates" => "encadre",
        "funds" => "finance",
        "generalised" => "généralise",
        "givesLegalBasis" => "donne une base légale à",
        "defines" => "définit",
        "amends" => "modifie",
        "basedOn" => "est pris en application de",
        _ => "concerne",
    }
}

/// Sentences stating `{law} {verb} {target}`.
#[rustfmt::skip]
pub const RELATION_SENTENCES: &[&str] = &[
    "{L} {V} {T}.", "Depuis son adoption, {L} {V} {T} sur l'ensemble du territoire.",
    "Comme le rappelle le rapport, {L} {V} {T} dans le code de la santé publique.",
    "{L} {V} {T}, une étape importante pour les soins de proximité.",
    "En pratique, {L} {V} {T} selon les acteurs interrogés.",
];

/// Sentences mentioning one to three entities (`{0}`, `{1}`, `{2}`).
pub const MENTION_SENTENCES: [&[&str]; 3] = [
    &[
        "Le document consacre une partie à {0}.",
        "Thème abordé : {0}.",
        "{0} : état des lieux et perspectives.",
        "Voir aussi : {0}.",
        "Les professionnels interrogés évoquent {0}.",
    ],
    &[
        "{0} et {1} sont étroitement liés dans les territoires.",
        "Le rapport met en regard {0} et {1}.",
        "Mots-clés : {0} ; {1}.",
        "Les échanges entre {0} et {1} restent à structurer.",
    ],
    &[
        "{0}, {1} et {2} structurent l'offre de soins de proximité.",
        "Mots-clés : {0} ; {1} ; {2}.",
        "La coordination entre {0}, {1} et {2} est au cœur du projet.",
    ],
];

#[rustfmt::skip]
pub const INSTANCE_SENTENCES: &[&str] = &[
    "La {I} a signé l'accord conventionnel interprofessionnel ({T}).",
    "Créée à l'initiative de professionnels libéraux, la {I} couvre le territoire de {T}.",
    "Exemple : la {I} ({T}) a mis en place des protocoles de soins non programmés.",
    "La {I} réunit une trentaine de professionnels de santé ({T}).",
];
