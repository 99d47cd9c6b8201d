import re,sys,os
sys.path.insert(0,os.path.dirname(os.path.abspath(__file__)))
from sents import sentences
SEEDS=sys.argv[1] if len(sys.argv)>1 else '/work/wt/gold/seeds'
P='https://w3id.org/maillage/id/'
cache={}
def find(doc,anchor):
    path=os.path.join(SEEDS,doc+'.txt')
    if path not in cache: cache[path]=sentences(path)
    hits=[(ln,s) for ln,s in cache[path] if anchor in s]
    if len(hits)!=1:
        raise SystemExit(f"{doc}: anchor {anchor!r}: {len(hits)} hits {[h[0] for h in hits]}")
    ln,s=hits[0]
    s=re.sub(r'^(\*\*)?\(\d+\)(\*\*)?\s+','',s).replace('\t',' ').strip()
    return ln,s
def load(spec):
    rows=[]
    for line in open(spec,encoding='utf-8'):
        line=line.rstrip('\n')
        if not line or line.startswith('#'): continue
        parts=line.split(' | ')
        doc,anchor,law,rel,target=parts[:5]
        override=parts[5] if len(parts)>5 else None
        if override and override.startswith('LINE='):
            # a quote may itself hold ' | ' (a markdown table row): the rest of the line
            ln=int(override[5:]); quote=' | '.join(parts[6:])
        else:
            ln,quote=find(doc,anchor)
        rows.append((doc,ln,P+law,rel,P+target,quote))
    return rows
def write(rows,out):
    seen=set();n=0
    with open(out,'w',encoding='utf-8') as f:
        f.write('document\tline\tlaw\trelation\ttarget\tquote\n')
        for r in sorted(rows,key=lambda r:(r[0],r[1],r[2],r[3],r[4])):
            k=r[:5]
            if k in seen: continue
            seen.add(k); n+=1
            f.write('\t'.join(str(x) for x in r)+'\n')
    print(out,n)
if __name__=='__main__':
    write(load(sys.argv[2]),sys.argv[3])
