#!/usr/bin/env python3
"""Writes perturbed copies of sensor traces (with adjusted truth) to test a detector beyond the dev set.

usage: perturb_traces.py SRC_DIR MODE OUT_DIR [SEED]
MODE: noise (+3 g gaussian), drift (+-0.3 g/s per lane), spikes (0.3 % single-sample glitches),
      decimate (80 sps traces down to 10 sps), freeze (one lane frozen for 4 s at a quiet time, truth gains a sensor_fault).
Generated traces are data: write them outside the repository."""
import csv, json, glob, os, random, sys, shutil
src, mode, out = sys.argv[1], sys.argv[2], sys.argv[3]
seed = int(sys.argv[4]) if len(sys.argv) > 4 else 1
os.makedirs(out, exist_ok=True)
rnd=random.Random(seed)
for f in sorted(glob.glob(os.path.join(src, '*.json'))):
    stem=f[:-5]; name=os.path.basename(stem)
    cfg=json.load(open(f)); truth=[json.loads(l) for l in open(stem+'.truth.jsonl')]
    rows=list(csv.reader(open(stem+'.csv')))
    hdr,rows=rows[0],rows[1:]
    lanes=[l['id'] for l in cfg['lanes']]
    cnt={}
    newrows=[]
    if mode=='decimate' and cfg['sps']!=80: continue
    tend=int(rows[-1][0])
    freeze={}
    if mode=='freeze':
        # freeze one lane at a quiet time for 4 s, and add truth
        busy=[(e.get('t_start_ms',e['t_ms'])-3000,e['t_ms']+3000,e['lane']) for e in truth]
        for _ in range(50):
            l=rnd.choice(lanes); t0=rnd.randint(5000,tend-10000)
            if not any(a<t0+5000 and t0<b and L==l for a,b,L in busy) and not any(e.get('kind')=='sensor_fault' and e['lane']==l for e in truth):
                freeze[l]=(t0,t0+4000); truth.append({"t_ms":t0,"t_start_ms":t0,"lane":l,"type":"anomaly","kind":"sensor_fault","qty":0}); break
    frozenval={}
    for r in rows:
        t=int(r[0]); s=r[1]; v=r[2]
        if s.startswith('lane:'):
            l=s[5:]; x=float(v)
            if mode=='noise': x+=rnd.gauss(0,3)
            if mode=='drift': x+= (0.3 if int(l)%2 else -0.3)*t/1000.0
            if mode=='spikes' and rnd.random()<0.003: x+=rnd.choice([-1,1])*rnd.uniform(200,5000)
            if mode=='decimate':
                cnt[l]=cnt.get(l,0)+1
                if cnt[l]%8: continue
            if mode=='freeze' and l in freeze and freeze[l][0]<=t<freeze[l][1]:
                if l not in frozenval: frozenval[l]=round(x,2)
                x=frozenval[l]
            v='%.2f'%x
        newrows.append([r[0],s,v])
    if mode=='decimate': cfg['sps']=10
    json.dump(cfg,open(out+'/'+name+'.json','w'))
    with open(out+'/'+name+'.csv','w',newline='') as fo:
        w=csv.writer(fo); w.writerow(hdr); w.writerows(newrows)
    truth.sort(key=lambda e:e['t_ms'])
    with open(out+'/'+name+'.truth.jsonl','w') as fo:
        for e in truth: fo.write(json.dumps(e)+'\n')
