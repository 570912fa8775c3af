#!/usr/bin/env python3
"""Fit the baseline's episode rates and care pathway to the calibration targets.

Usage: tools/fit_baseline.py ROUNDS [WORKDIR]   (needs build/ci/icsim)

Each round runs one year of the whole population as a what-if overlay on scenarios/mse-baseline.json
(WORKDIR/fit.json), compares it with scenarios/data/calibration_targets.csv and an assumed age profile
of attendance and admission rates, and adjusts the fitted parameters proportionally. The state carries
over between invocations in WORKDIR/state.json. The fitted values of the last overlay are then written
by hand into scenarios/registry_health.cpp (episode rates, shares, GP capacity, care-home shares) and
the care pathway of scenarios/mse-baseline.json; docs/calibration.md records the result.
"""
import json, csv, subprocess, collections, sys, os
REPO=os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK=os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else 'fit-work')
os.makedirs(WORK, exist_ok=True)
bands=['0','1-4','5-14','15-24','25-34','35-44','45-54','55-64','65-74','75-84','85+']
# Starting values of the episode rates before fitting (per person-year by report band).
# Age profile of attendance (all types) and admission rates per 1,000: the shape is an assumption,
# its level is what the calibration targets pin down.
ae_t=[720,500,280,510,480,425,400,385,360,580,1020]
adm_t=[338,96,37,59,64,69,85,112,150,280,480]
base=json.load(open('' + WORK + '/state.json')) if os.path.exists('' + WORK + '/state.json') else None
defaults={'fall':[0.01,0.02,0.01,0.005,0.005,0.007,0.01,0.02,0.04,0.09,0.2],
 'infection':[0.8,0.5,0.15,0.1,0.08,0.08,0.08,0.09,0.12,0.2,0.35],
 'injury':[0.15,0.2,0.2,0.2,0.14,0.1,0.08,0.07,0.06,0.06,0.06],
 'other_acute':[0.9,0.7,0.35,0.4,0.38,0.36,0.36,0.38,0.45,0.6,0.9],
 'mental_health_crisis':[0,0,0.005,0.02,0.015,0.012,0.01,0.007,0.005,0.005,0.005]}
if base is None:
    base={'mult':[1.0]*11,'adm':[0.5,0.15,0.12,0.12,0.14,0.18,0.25,0.35,0.45,0.5],'gp':9.0,'minor_ae':0.05,'exac':1.0,'ch':[0.0,0.01,0.08,0.35]}
groups=[(0,0),(1,4),(5,14),(15,24),(25,44),(45,54),(55,64),(65,74),(75,84),(85,None)]
def overlay(st):
    eps={t:{'rate':[round(r*m,5) for r,m in zip(rs,st['mult'])]} for t,rs in defaults.items()}
    eps['ltc_exacerbation']={'urgency_share':[0.35,0.55,0.10]}
    eps['fall']['urgency_share']=[0.35,0.45,0.20]
    eps['infection']['urgency_share']=[0.15,0.5,0.35]
    # Infants are admitted by urgency too, minor need included (a low threshold: a third of the
    # urgent rate, an assumption).
    a0=min(0.9,0.6*st['adm'][0])
    ae_routes=[{'when':{'max_age':0,'urgency':['emergency']},'to':{'admission':round(min(0.95,1.6*a0),4),'sdec':0.05}},
               {'when':{'max_age':0,'urgency':['urgent']},'to':{'admission':round(a0,4),'sdec':0.05}},
               {'when':{'max_age':0,'urgency':['minor']},'to':{'admission':round(a0/3,4),'sdec':0.05}},
               {'when':{'urgency':['minor']},'to':{}}]
    for (lo,hi),a in list(zip(groups,st['adm']))[1:]:
        age={'min_age':lo} if hi is None else {'min_age':lo,'max_age':hi}
        ae_routes.append({'when':{'urgency':['emergency'],**age},'to':{'admission':round(min(0.9,1.6*a),4),'sdec':0.08}})
        ae_routes.append({'when':{'urgency':['urgent'],**age},'to':{'admission':round(a,4),'sdec':0.05}})
    m=st['minor_ae']
    return {'schema_version':1,'extends':os.path.relpath(REPO+'/scenarios/mse-baseline.json',WORK),'name':'fit',
      'health':{'episodes':{**eps,'infection':{**eps['infection'],'acsc_share':round(st['acsc'],4)}},'gp_access':{'same_day_per_1000_per_week':round(st['gp'],3)},'settings':{'care_home_share':st['ch']}},
      'care_pathway':{'nodes':{'ae':{'kind':'ae','routes':ae_routes},
         'onset':{'kind':'router','routes':[
    {"when": {"urgency": ["emergency"]}, "to": {"ambulance": 0.75, "ae": 0.25}},
    {"when": {"urgency": ["urgent"]}, "to": {"gp": 0.55, "nhs111": 0.15, "utc": round(0.3*st['utc']/(1+st['utc']),4), "ae": round(0.3/(1+st['utc']),4)}},
    {"to": {"self_care": round(0.42-m,4), "gp": 0.35, "nhs111": 0.08, "utc": round(0.15*st['utc']/(1+st['utc']),4), "ae": round(m+0.15/(1+st['utc']),4)}}]},
         'gp':{'kind':'gp_same_day','when_full':[
      {"when": {"urgency": ["minor"]}, "to": {"self_care": 0.4, "nhs111": 0.2, "utc": round(0.4*st['utc']/(1+st['utc']),4), "ae": round(0.4/(1+st['utc']),4)}},
      {"to": {"nhs111": 0.3, "utc": round(0.7*st['utc']/(1+st['utc']),4), "ae": round(0.7/(1+st['utc']),4)}}]}}}}
def fix(routes):
    for r in routes:
        to=r['to']
        if 'ae' in to and abs(sum(to.values())-1)<0.01:
            to['ae']=round(1-sum(v for k,v in to.items() if k!='ae'),6)
def run(st):
    o=overlay(st)
    fix(o['care_pathway']['nodes']['onset']['routes']); fix(o['care_pathway']['nodes']['gp']['when_full'])
    json.dump(o,open('' + WORK + '/fit.json','w'),indent=1)
    subprocess.run([REPO+'/build/ci/icsim','run','' + WORK + '/fit.json','--years','1','--threads','2','--quiet','--out','' + WORK + '/out','--overwrite'],check=True)
    d=collections.defaultdict(float)
    for r in csv.DictReader(open('' + WORK + '/out/measures.csv')):
        if r['level']=='system' and r['period']=='2021': d[(r['group'],r['measure'])]=float(r['value'])
    # Care-home residents on the first day (pools.csv), not at the year's end: the flow moves
    # them during the year.
    pools=list(csv.DictReader(open('' + WORK + '/out/pools.csv')))
    for r in pools:
        if r['service']=='care_home_places' and r['date']==pools[0]['date']: d['care_home_start']+=float(r['in_use'])
    return d
def S(d,ms,gs): return sum(d[(g,m)] for m in ms.split() for g in gs.split())
def report(d):
    out={}
    for t in csv.DictReader(open(REPO+'/scenarios/data/calibration_targets.csv')):
        v=S(d,t['numerator'],t['numerator_groups'])/max(1e-9,S(d,t['denominator'],t['denominator_groups']))*float(t['per'])
        out[t['key']]=(v,float(t['value']))
        print(f"  {t['key']:42s} {float(t['value']):7.1f} {v:7.1f} {100*(v/float(t['value'])-1):+6.1f}%")
    print('  care home', d['care_home_start'])
    return out
st=base
for it in range(int(sys.argv[1])):
    d=run(st); print('iteration',it); out=report(d)
    py=[d[(b,'person_years')] for b in bands]
    ae=[1000*(d[(b,'ae_attendances')]+d[(b,'utc_attendances')])/p for b,p in zip(bands,py)]
    adm=[1000*d[(b,'emergency_admissions')]/p for b,p in zip(bands,py)]
    st['mult']=[m*(t/a)**1.0 for m,t,a in zip(st['mult'],ae_t,ae)]
    # admission probability by age group: the ratio of admissions to attendances
    ratio_t=[adm_t[i]/ae_t[i] for i in range(11)]; ratio=[adm[i]/ae[i] for i in range(11)]
    gi=[0,1,2,3,4,4,5,6,7,8,9]
    newadm=list(st['adm'])
    for g in range(10):
        idx=[i for i in range(11) if gi[i]==g]
        f=sum(ratio_t[i] for i in idx)/sum(ratio[i] for i in idx)
        newadm[g]=min(1.5 if g==0 else 0.85,st['adm'][g]*f**1.2)
    st['adm']=newadm
    v,t=out['ae_preceded_by_no_gp_appt_share']; st['gp']*= (v/t)**1.5
    v,t=out['ae_advice_only_share']; st['minor_ae']=min(0.3,st['minor_ae']*(t/v))
    v,t=out['ae_share_type3_4_2019_20']; st['utc']*=(t/v)*(1-v/100)/(1-t/100)
    v,t=out['acsc_share_emergency_admissions']; st['acsc']*=(t/v)**1.5
    ch=d['care_home_start']; st['ch']=[x*min(1.5,9100/ch) for x in st['ch']]
    json.dump(st,open('' + WORK + '/state.json','w'))
    print(json.dumps(st))
