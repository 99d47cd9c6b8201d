# Gold bibliographic fields: (doc, line, year, url_or_doi, title, first_author)
import re,sys,os
S=os.path.join(os.path.dirname(os.path.abspath(__file__)),'..','..','..','seeds')+'/'
D0='000_95b47d113a140789';D1='001_49a27ccff87efa44';D2='002_d167c5ef3e7b9dda';D4='004_54ae963a27456e86'
R=[
(D0,353,'2023','https://www.federationaddiction.fr/actualites/politique-publique/la-boite-a-outils-sur-les-dispositifs-territoriaux-en-sante/','La boîte à outils sur les dispositifs territoriaux en santé',''),
(D0,365,'2022','https://www.senat.fr/rap/r21-587-1/r21-587-11.pdf',"La situation de l'hôpital et le système de santé en France",'Jomier Bernard'),
(D0,381,'2023','https://sante.gouv.fr/IMG/pdf/dp_msp.pdf',"Plan d'action : 4 000 maisons de santé pluriprofessionnelles",'Ministère de la santé et de la prévention'),
(D0,405,'2022','https://www.securite-sociale.fr/files/live/sites/SSFR/files/HCAAM/2022/Rapport%20Hcaam%20Organisation%20soins%20proximite.pdf',"Rapport du HCAAM. Organisation des soins de proximité : garantir l'accès de tous à des soins de qualité",'Polton Dominique'),
(D0,431,'2021','https://solidarites-sante.gouv.fr/IMG/pdf/rapport_chauvin.pdf','Dessiner la santé publique de demain','Chauvin Franck'),
(D0,465,'2019','https://hal-sciencespo.archives-ouvertes.fr/hal-02189198/document',"Quel avenir pour l'organisation des soins primaires en France ? : synthèse du séminaire pluridisciplinaire coordonné par la Chaire santé de Sciences Po",'Moyal Anne'),
(D0,517,'2016','https://www.cairn.info/revue-sante-publique-2016-3-page-375.htm?contenu=article','Les soins de santé primaires, plus que des soins de première ligne','Crismer André'),
(D0,529,'2015','10.3917/reru.154.0657',"Mesure de l'impact d'une politique publique visant à favoriser l'installation et le maintien de médecins généralistes : L'exemple du soutien au développement des maisons et pôles de santé en France",'Chevillard G'),
(D0,545,'2023','https://www.irdes.fr/recherche/questions-d-economie-de-la-sante/275-les-usages-des-financements-experimentaux-ipep-et-peps-dans-5-maisons-de-sante-pluriprofessionnelles-msp.pdf','Les usages des financements expérimentaux Ipep et Peps dans cinq Maisons de santé pluriprofessionnelles (MSP). Vers une redéfinition des frontières professionnelles autour de la division du travail de soin ?','Morize Noémie'),
(D0,585,'2021','https://www.irdes.fr/recherche/2021/qes-260-les-soins-primaires-face-a-l-epidemie-de-covid-19.html',"Les soins primaires face à l'épidémie de Covid-19. Entre affaiblissement et renforcement des dynamiques de coordination territoriale",'Fournier Cécile'),
(D0,611,'2015','https://www.irdes.fr/recherche/questions-d-economie-de-la-sante/211-l-impact-de-l-exercice-regroupe-pluriprofessionnel-sur-la-qualite-des-pratiques-des-medecins-generalistes.pdf',"L'impact de l'exercice regroupé pluriprofessionnel sur la qualité des pratiques des médecins généralistes : résultats de l'évaluation des maisons, pôles et centres de santé participant à l'Expérimentation des nouveaux modes de rémunération (ENMR)",'Mousquès Julien'),
(D0,625,'2023','https://sante.gouv.fr/IMG/pdf/rapport_mission_tour_de_france_des_cpts_28062023_vf.2_2.pdf','Rapport « Tour de France des CPTS ». Bilan et propositions pour le déploiement et le développement des communautés professionnelles territoriales de santé','Certain MH'),
(D0,640,'2023','https://drees.solidarites-sante.gouv.fr/sites/default/files/2023-05/ER%201268%20-%20Panel%20des%20m%C3%A9decins%20g%C3%A9ralistes%20%20-%20BAT2_1.pdf','Médecins généralistes : début 2022, un sur cinq participe à une CPTS et un sur vingt emploie une assistante médicale','Bergeat Maxime'),
(D0,670,'2022','',"L'ordre négocié du travail d'articulation dans les maisons de santé pluriprofessionnelles",'Cécile Fournier'),
(D0,697,'2020','https://www.cairn.info/revue-les-tribunes-de-la-sante-2020-1-page-51.htm',"Les CPTS : de l'ambition politique à la réalité territoriale",'Rist S'),
(D0,735,'2020','https://www.cairn.info/revue-francaise-des-affaires-sociales-2020-1-page-79.htm',"La promotion conjointe des maisons de santé pluriprofessionnelles : une « communauté d'intérêt » entre association professionnelle et autorités sanitaires",'Vezinat Nadège'),
(D0,773,'2019','https://www.cairn.info/revue-regards-2019-2-page-81.htm','CPTS et territoire','Leicher Claude'),
(D0,811,'2023','https://www.has-sante.fr/icms/p_3451526/fr/engagement-des-usagers-dans-les-maisons-centres-et-territoires-de-sante-avis-n-1-2023-du-conseil-pour-l-engagement-des-usagers','Engagement des usagers dans les maisons, centres et territoires de santé',''),
(D0,857,'2021','https://www.avecsante.fr/wp-content/uploads/2021/11/manifeste-soins-primaires-avecsante-france-assos-sante-12pw.pdf',"Manifeste pour refonder les soins primaires : passer de l'exercice solitaire à l'exercice solidaire",''),
(D0,904,'2023','https://www.cultures-sante.be/nos-outils/focus-sur-une-thematique/955-litteratie-en-sante-3.html','Littératie en santé',''),
(D0,939,'2021','https://media.kbs-frb.be/fr/media/8618/2021_PUB_3820_LitteratieSant%C3%A9','Promouvoir la littératie en santé dans la première ligne. Les leçons de 24 pratiques en Belgique','Van den Broucke Stephan'),
(D0,1004,'2018','https://www.santepubliquefrance.fr/docs/communiquer-pour-tous-guide-pour-une-information-accessible','Communiquer pour tous. Guide pour une information accessible','Ruel Julie'),
(D0,1044,'2022','https://www.irdes.fr/recherche/questions-d-economie-de-la-sante/273-des-medecins-entrepreneurs-de-la-transformation-des-soins-primaires.pdf',"Des médecins entrepreneurs de la transformation des soins primaires : une analyse des conditions d'engagement des porteurs libéraux dans les expérimentations Ipep et Peps",'Schlegel Vincent'),
(D0,1070,'2021','https://www.strategie.gouv.fr/sites/strategie.gouv.fr/files/atoms/files/ouvrage_rh_-_hcaam_-_mel.pdf',"Les déterminants des choix d'implantation des jeunes médecins",'Diot Patrice'),
(D0,1096,'2020','https://www.santepubliquefrance.fr/content/download/304620/2859325?version=1','Travailler en équipe en maison de santé : un questionnement éthique renouvelé','Fournier C'),
(D0,1132,'2018','https://www.ors-idf.org/fileadmin/DataStorageKit/ORS/Etudes/Etude_1490/ORS_deserts_medicaux_vf.pdf',"Les déserts médicaux en Île-de-France, de quoi parle-t-on ? Quels leviers d'action ?",'Mangeney C'),
(D0,1156,'2016','http://docnum.univ-lorraine.fr/public/BUMED_T_2016_LOUYOT_THOMAS.pdf',"Quels sont les déterminants à l'installation des jeunes médecins généralistes en Lorraine ? Une étude rétrospective quantitative réalisée auprès des jeunes médecins généralistes français primo-installés en Lorraine",'Louyot Thomas'),
(D0,1186,'2022','10.1186/s12960-022-00726-z','Medical education interventions influencing physician distribution into underserved communities : a scoping review','Elma A'),
(D0,1228,'2016','10.1097/ACM.0000000000001203','Predictors of Primary Care Physician Practice Location in Underserved Urban or Rural Areas in the United States: A Systematic Literature Review','Goodfellow A'),
(D0,1287,'2014','https://www.oecd-ilibrary.org/docserver/5jz5sq5ls1wl-en.pdf?expires=1695374111&id=id&accname=guest&checksum=36C01E2552ED91C68924958C98A4C677','Geographic Imbalances in Doctor Supply and Policy Responses','Ono, T.'),
(D0,1342,'2022','https://www.avecsante.fr/wp-content/uploads/2022/02/guide-coordination-22-web.pdf','La coordination en équipes de soins primaires',''),
(D0,1406,'2023','https://www.espt.asso.fr/la-sante-au-coeur-des-territoires-episode-1-investir-pour-lacces-aux-soins-lexemple-de-la-brie-nangissienne/',"« La santé au cœur des territoires » - Episode 1 : Investir dans l'accès aux soins, l'exemple de la Brie Nangissienne",''),
(D0,1462,'2020','https://www.cairn.info/revue-francaise-des-affaires-sociales-2020-1-page-263.htm','Innovation territoriale aux Mureaux','Clerc P'),
(D0,1530,'2021','https://kbs-frb.be/fr/sante-mentale-dans-la-premiere-ligne-exemples-internationaux','Santé mentale dans la première ligne. Exemples internationaux','Leys Mark'),
# 001 (Irdes)
(D1,53,'2024','https://www.ccomptes.fr/fr/publications/organisation-territoriale-des-soins-de-premier-recours',"L'organisation territoriale des soins de premier recours",'Cour des comptes'),
(D1,67,'2023','https://sante.gouv.fr/IMG/pdf/rapport_mission_tour_de_france_des_cpts_28062023_vf.2_2.pdf','Tour de France des CPTS : Bilan et propositions pour le déploiement et le développement des communautés professionnelles territoriales de santé','Certain, M. H.'),
(D1,73,'2023','https://assurance-maladie.ameli.fr/sites/default/files/2023-07_rapport-propositions-pour-2024_assurance-maladie.pdf',"Améliorer la qualité du système de santé et maîtriser les dépenses. Propositions de l'Assurance Maladie pour 2024",'Cnam, P.'),
(D1,87,'2023','https://www.has-sante.fr/jcms/p_3473674/fr/acces-direct-aux-masseurs-kinesitherapeutes-en-cpts-avis-sur-le-projet-de-decret-concernant-l-experimentation-prevue-par-l-article-3-de-la-loi-du-19-mai-2023#ancreDocAss','Accès direct aux masseurs-kinésithérapeutes en CPTS','De Pastre, A. C.'),
(D1,111,'2023','https://www.nile-consulting.eu/portfolio-item/mission-tour-de-france-des-cpts/',"Pour un renouveau de l'offre de soins de premier recours",'Nile Consulting'),
(D1,119,'2023','https://www.orspaysdelaloire.com/sites/default/files/pages/pdf/2023_PDF/2023_panel4_mg_ExerciceRegroupe_34.pdf','Exercice regroupé et coordonné des médecins généralistes libéraux des Pays de la Loire','O.R.S. des Pays de la Loire'),
(D1,161,'2022','https://www.securite-sociale.fr/home/hcaam/zone-main-content/rapports-et-avis-1/rapport-hcaam-organisation-soins.html',"Organisation des soins de proximité : Améliorer l'accès de tous à des soins de qualité. Rapport",'HCAAM, P.'),
(D1,193,'2021','https://www.igas.gouv.fr/spip.php?article816','Renforcement de l\'offre de soins en Guyane','Gardel, C.'),
(D1,226,'2020','','Prise en charge en ville de l\'épidémie de COVID-19 : la commission des affaires sociales publie les premiers résultats de sa consultation auprès des professionnels de la santé','Sénat'),
(D1,262,'2019','','Organisation territoriale de la santé : accompagner les dynamiques locales sans imposer des modèles uniformes','Deroche, C.'),
(D1,290,'2019','',"Modes d'exercice et emplois du temps des médecins généralistes libéraux des Pays de la Loire",'ORS Pays de Loire'),
(D1,318,'2018','http://www.igas.gouv.fr/IMG/pdf/IGAS2018-041R.pdf','Déploiement des communautés professionnelles territoriales de santé. Appui à la DGOS','Fauchier-Magnan, E.'),
(D1,348,'2017','https://www.iledefrance.ars.sante.fr/constituer-une-cpts-en-ile-de-france-guide-pratique','Constituer une Communauté Professionnelle Territoriale de Santé (CPTS) en Île-de-France. Guide pratique',"Agence Régionale de Santé d'Ile-de-France"),
(D1,364,'2024','','Le guichet CPTS, un allié technique et administratif en Occitanie','Colau, H.'),
(D1,390,'2023','','Médecins généralistes : début 2022, un sur cinq participe à une CPTS et un sur vingt emploie une assistante médicale','Bergeat, M.'),
(D1,402,'2023','10.1016/j.kine.2023.02.002',"Revue de la proposition de loi portant amélioration de l'accès aux soins par la confiance aux professionnels de santé",'Combes, C.'),
(D1,450,'2023','','"Il faut valoriser l\'engagement et le volontariat au lieu de la coercition dans les territoires" : Entretien avec François Bourdillon','Ramsay, K.'),
(D1,478,'2022','10.3917/spub.225.0653','[Liaison medicine in psychiatry: towards a synergy of skills for the benefit of patients]','Bornes, C.'),
(D1,499,'2022','10.1016/j.mmm.2022.02.002','Les Communautés professionnelles territoriales de santé (CPTS) : des missions de santé publique essentielles, mais des obstacles à leur mise en œuvre','Falcoff, H.'),
(D1,535,'2021','10.1684/ipe.2021.2323','Coordination des soins en ville : la perception et les attentes des médecins spécialistes exerçant une spécialité médicale (hors médecins généralistes) dans le 13^e arrondissement de Paris',''),
(D1,584,'2020','','Accompagner la structuration des soins primaires après la Covid-19 : un nécessaire renversement du fonctionnement des institutions publiques de la santé','Bontemps, A.'),
(D1,636,'2020','https://www.cairn.info/revue-francaise-des-affaires-sociales-2020-1-page-79.htm',"La promotion conjointe des maisons de santé pluriprofessionnelles : une « communauté d'intérêt » entre association professionnelle et autorités sanitaires",'Veziat, N.'),
(D1,662,'2019','https://www.cairn.info/revue-regards-2019-2-page-93.htm','Retour d\'expérience : la Communauté professionnelle territoriale de santé (CPTS) du 13^e arrondissement de Paris','Falcoff, H.'),
(D1,740,'2017','10.1016/S1957-2557(17)30012-3','Rôle des Agences Régionales de Santé (ARS) dans l\'organisation des parcours de soins','Van Bockstael, V.'),
(D1,770,'2023','https://dumas.ccsd.cnrs.fr/dumas-03995121','Évaluation des besoins des masseurs kinésithérapeutes en termes de collaboration et coordination avec les autres professionnels de santé au sein du territoire de la Communauté Professionnelle Territoriale de santé Entre-Deux-Mers','Magnat, H. S. A.'),
(D1,815,'2021','https://dumas.ccsd.cnrs.fr/dumas-03198768',"Structuration des pratiques cliniques préventives en pharmacie d'officine étude des freins et leviers à l'implication des pharmaciens d'officine dans la Communauté Professionnelle Territoriale de Santé de Bergerac",'Burtin, A.'),
(D1,860,'2020','https://hal.univ-lorraine.fr/hal-03805707',"L'organisation des médecins généralistes de premier recours de la Métropole du Grand-Nancy pour assurer la continuité des soins et la prise en charge des soins non programmés hors permanence des soins ambulatoires : étude quantitative transversale menée auprès de 182 médecins généralistes du territoire",'Frisch, E.'),
(D1,891,'2018','http://docnum.univ-lorraine.fr/public/BUMED_T_2018_BRAVETTI_OLIVIER.pdf',"Identification des facteurs non médicaux influençant la décision d'une hospitalisation d'un patient en cabinet de médecine générale",'Bravetti, O.'),
# 002 (Ireps Occitanie): no URLs (links are "#")
(D2,80,'2021','','Dessiner la santé publique de demain','CHAUVIN Franck'),
(D2,106,'2021','',"La loi relative à l'organisation et la transformation du système de santé : ma santé 2022. Synthèse documentaire",'SAFON Marie-Odile'),
(D2,124,'2022','','Le Ségur de la Santé et la Loi n°2021-502 du 26 avril 2021 (dite Loi RIST). Dossier documentaire','CALVEZ Catherine'),
(D2,176,'2022','','Accès aux soins de 1^{er} recours',''),
(D2,186,'2022','',"Les disparités territoriales en matière de vieillissement et d'accès aux soins",'CHATAIGNER Nathalie'),
(D2,196,'2022','','Santé : faire le pari des territoires',''),
(D2,205,'2022','',"Régionaliser l'offre de soins : agir avant qu'il ne soit trop tard. Rapport d'information n° 589 (2021-2022)",'ROJOUAN Bruno'),
(D2,222,'2019','','Santé : quelle politique publique contre les déserts médicaux ?',''),
(D2,239,'2021','','Les perspectives des démarches territorialisées de santé 20 ans après leur création','LANGLOIS Géraldine'),
(D2,260,'2016','',"Les démarches Ateliers santé ville : la promotion de la santé à l'œuvre dans les territoires",'MOTARD Clémentine'),
(D2,271,'2016','','Capitalisation des démarches. Ateliers santé ville. Des savoirs issus des pratiques professionnelles pour la promotion de la santé','MOTARD Clémentine'),
(D2,308,'2021','','Elaborer un contrat local de santé en 8 étapes',''),
(D2,320,'2018','','Le contrat local de santé au service des parcours de santé','HINCELIN Luc'),
(D2,328,'2018','','Les contrats locaux de santé en quête de sens','JABOT Françoise'),
(D2,334,'2014','','Les démarches locales en santé : des ateliers santé ville aux contrats locaux de santé','MOLAS GALI Nathalie'),
(D2,353,'2022','',"Conseils locaux de santé mentale (CLSM). Comment favoriser l'engagement des élu.es et des équipes municipales ?",'PASTANT Fanny'),
(D2,377,'2021','',"Les CLSM, 12 ans après : qu'est-ce qui a changé ? Actes de colloque",''),
(D2,430,'2021','',"Guide de l'exercice coordonné",''),
(D2,448,'2018','','Guide relatif aux centres de santé',"Direction générale de l'offre de soins"),
(D2,458,'2018','','Les motivations des médecins généralistes en centres de santé','RIDARD Elise'),
(D2,476,'2019','',"Etat des lieux de l'exercice des médecins en Maison de Santé Pluriprofessionnelle. Région Occitanie. Enquête quantitative",'BRINGER L.'),
(D2,486,'2017','','Les maisons de santé pluriprofessionnelles en France : une dynamique réelle mais un modèle organisationnel à construire','SEBAI Jihane'),
(D2,529,'2022','',"Communauté Professionnelle Territoriale de Santé. Conseils méthodologiques pour la construction d'un projet de santé. Guide pratique",'PLANTRON Jonathan'),
(D2,547,'2021','','Les CPTS en pratique, quel mode de fonctionnement pour quels enjeux ?','PARVAIS Audrey'),
(D2,579,'2022','',"CPTS, CLS : bien différentes, ces démarches territoriales de santé peuvent s'articuler",'LANGLOIS Géraldine'),
(D2,587,'2022','',"La santé est-elle l'affaire des municipalités ?",'MARTINACHE Igor'),
(D2,603,'2019','','Accès aux soins : Le guide pratique pour les élus',''),
# 004 Source lines
(D4,71,'2017','https://solidarites-sante.gouv.fr/systeme-de-sante-et-medico-social/strategie-nationale-de-sante/article/la-strategie-nationale-de-sante-2018-2022','Stratégie nationale de santé 2018-2022','Ministère des solidarités et de la santé'),
(D4,179,'2017','https://www.cairn.info/revue-francaise-d-administration-publique-2017-4-page-887.htm','Les maisons de santé pluriprofessionnelles en France : une dynamique réelle mais un modèle organisationnel à construire','Jihane Sebai'),
(D4,206,'2017','https://www.cairn.info/revue-francaise-d-administration-publique-2017-4-page-887.htm','Les maisons de santé pluriprofessionnelles en France : une dynamique réelle mais un modèle organisationnel à construire','Jihane Sebai'),
(D4,236,'2016','','',''),
(D4,260,'2018','https://www.ors-idf.org/fileadmin/DataStorageKit/ORS/Etudes/Etude_1490/ORS_deserts_medicaux_vf.pdf','Les déserts médicaux en Île-de-France, de quoi parle-t-on ? Quels leviers d’action ?','Catherine Mangeney'),
(D4,360,'2018','https://www.igas.gouv.fr','Déploiement des communautés professionnelles territoriales de santé','Emilie FAUCHIER-MAGNAN'),
(D4,414,'','https://www.legifrance.gouv.fr/codes/section_lc','Code de la santé publique',''),
(D4,489,'2020','https://drees.solidarites-sante.gouv.fr/publications/etudes-et-resultats/en-2018-les-territoires-sous-dotes-en-medecins-generalistes','En 2018, les territoires sous-dotés en médecins généralistes concernent près de 6% de la population','Blandine Legendre'),
(D4,608,'2021','https://drees.solidarites-sante.gouv.fr/publications/les-dossiers-de-la-drees/acces-aux-soins-et-pratiques-de-recours-etude-sur-le-vecu-des','Accès aux soins et pratiques de recours - Étude sur le vécu des patients','Loïcka Forzy'),
(D4,745,'2021','','Les déserts médicaux en question(s)','Babinet Olivier'),
(D4,896,'2021','','Suivi des adhésions à l’ACI','CNAM'),
(D4,938,'2021','https://assurance-maladie.ameli.fr/etudes-et-donnees/2021-rapport-propositions-pour-2022-charges-produits','Rapport au ministre chargé de la sécurité sociale et au Parlement sur l’évolution des charges et des produits d’Assurance maladie au titre de 2022','Assurance maladie'),
]
def norm(t):
    t=t.replace('**','').replace('\\_','_').replace('\\(','(').replace('\\)',')')
    return t
texts={}
def doctext(d):
    if d not in texts:
        L=open(S+d+'.txt',encoding='utf-8').read().split('\n')
        j=' '.join(l.strip() for l in L)
        j=re.sub(r'\s+',' ',j)
        j2=re.sub(r'-\s+','-',j)  # hyphen wraps
        j3=re.sub(r'(\S)\s+',r'\1',j)  # no-space join for URLs
        texts[d]=(norm(j),norm(j2),norm(j3),L)
    return texts[d]
bad=0
for d,ln,y,u,t,a in R:
    j,j2,j3,L=doctext(d)
    if t and t not in j and t not in j2:
        print('TITLE?',d[:3],ln,t[:80]); bad+=1
    if a and a not in L[ln-1] and a not in ' '.join(L[ln-1:ln+6]):
        print('AUTHOR?',d[:3],ln,a); bad+=1
    if u:
        uu=u if not u.startswith('10.') else u
        if uu.replace(' ','') not in j3.replace('\\','') : print('URL?',d[:3],ln,u[:90]); bad+=1
    if y and y not in ' '.join(L[ln-1:ln+12]): print('YEAR?',d[:3],ln,y); bad+=1
    if not L[ln-1].strip(): print('EMPTY LINE',d[:3],ln); bad+=1
print('rows',len(R),'problems',bad)
if len(sys.argv)>1:
    with open(sys.argv[1],'w',encoding='utf-8') as f:
        f.write('document\tline\tyear\turl_or_doi\ttitle\tfirst_author\n')
        for r in sorted(R,key=lambda r:(r[0],r[1])):
            f.write('\t'.join(str(x) for x in r)+'\n')
