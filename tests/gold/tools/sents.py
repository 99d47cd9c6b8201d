import re,sys,glob,os
def sentences(path):
    lines=open(path,encoding='utf-8').read().split('\n')
    # build paragraphs of consecutive non-blank lines
    out=[]
    buf=[];start=None
    def flush():
        nonlocal buf,start
        if not buf: return
        # text with char->line map
        text='';cmap=[]
        for ln,l in buf:
            s=l.strip()
            if text: text+=' ';cmap.append(ln)
            text+=s; cmap.extend([ln]*len(s))
        # split
        idx=0
        END=re.compile(r'(?:[.!?…]|\[…\])(?:[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\*\*|\*|»|\]|\))*$')
        for m in re.finditer(r'\s+(?=(?:\*\*)?(?:\(\d+\)(?:\*\*)?\s+)?[«"A-ZÀ-ÝÉ])',text):
            if not END.search(text[max(0,m.start()-12):m.start()]): continue
            out.append((cmap[idx] if idx<len(cmap) else buf[0][0], text[idx:m.start()]))
            idx=m.end()
        if idx<len(text): out.append((cmap[idx],text[idx:]))
        buf=[];start=None
    for i,l in enumerate(lines,1):
        if l.strip()=='' : flush()
        else:
            # a list item ("- ...") opens a sentence of its own, without its dash
            # (or a bullet "• …", as a syllabus prints them)
            if l.lstrip().startswith(('- ','• ')):
                flush(); l=l.lstrip()[2:]
            buf.append((i,l))
    flush()
    return out
if __name__=='__main__':
    pat=re.compile(sys.argv[1],re.I)
    for f in sys.argv[2:]:
        stem=os.path.basename(f)[:-4]
        for ln,s in sentences(f):
            if pat.search(s): print(f"{stem[:3]}:{ln}: {s}")
