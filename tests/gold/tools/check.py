"""Sanity checks for the gold TSVs: quotes are verbatim (modulo line wrapping) and start on the given line."""
import os,re,sys,csv
HERE=os.path.dirname(os.path.abspath(__file__))
ROOT=os.path.join(HERE,'..','..','..')
def doc_path(doc):
    for d in (os.path.join(ROOT,'seeds'),os.path.join(HERE,'..','heldout')):
        p=os.path.join(d,doc+'.txt')
        if os.path.exists(p): return p
    raise SystemExit('no document '+doc)
bad=0
for tsv in sys.argv[1:]:
    rows=list(csv.reader(open(tsv,encoding='utf-8'),delimiter='\t',quoting=csv.QUOTE_NONE))
    head,rows=rows[0],rows[1:]
    assert head==['document','line','law','relation','target','quote'],head
    for r in rows:
        doc,line,law,rel,target,quote=r
        L=open(doc_path(doc),encoding='utf-8').read().split('\n')
        joined=re.sub(r'\s+',' ',' '.join(L))
        # a sentence may run across footnote lines dropped in between (page breaks)
        nofoot=re.sub(r'\s+',' ',' '.join(l for l in L if not re.match(r'\s*[¹²³⁴⁵⁶⁷⁸⁹⁰]',l)))
        q=re.sub(r'\s+',' ',quote)
        if q not in joined and q not in nofoot: print('QUOTE NOT VERBATIM',tsv,doc,line); bad+=1
        first=q.split()[0]
        if first not in L[int(line)-1]: print('LINE MISMATCH',tsv,doc,line,first); bad+=1
        if rel not in {'created','modified','regulates','funds','generalised','givesLegalBasis','defines','amends','basedOn'}: print('REL',r); bad+=1
        for iri in (law,target):
            if not iri.startswith('https://w3id.org/maillage/id/'): print('IRI',iri); bad+=1
    print(tsv,len(rows),'rows')
print('problems',bad); sys.exit(1 if bad else 0)
