#!/usr/bin/env python3
"""Writes perturbed copies of sensor traces (with adjusted truth) to test a detector beyond the dev set.

usage: perturb_traces.py SRC_DIR MODE[,MODE...] OUT_DIR [SEED]

Weight modes:
  noise     +3 g gaussian            drift     +-0.3 g/s per lane
  spikes    0.3 % single-sample glitches of 200..5000 g
  decimate  80 sps traces down to 10 sps (other traces are left out)
  freeze    one lane frozen for 4 s at a quiet time (truth gains a sensor_fault)
Proximity modes (how a narrow-cone ToF sensor in a real aisle behaves; truth is unchanged):
  miss        8-30 % of hand reaches (per trace) not seen at all: the hand passed beside the cone
  glimpse     half of the reaches seen for only 50-300 ms
  passers     people passing or browsing without touching read near (150-700 mm) for 1-8 s,
              about one every 20 s
  wall        nobody near reads a wall or shelf opposite at 400-2500 mm (per trace), +-2 %
  outofrange  nothing opposite within range: 8190 (the VL53L0X out-of-range code), flickering
              with a far surface at 1200-2000 mm in 0-70 % of the readings (per trace)
  proxglitch  1 % of readings glitch to 0, 8190 or anything in between
  noprox      the shelf has no proximity sensor (its rows are removed)
  aisle       miss + glimpse + passers + glitches, with a wall (or beyond range) drawn per trace
Modes combine with commas, e.g. aisle,noise,drift. The source traces' proximity is clean (a hand
or body reads under 500 mm, nothing near reads 1000-1300 mm), so near readings mark real reaches.
Generated traces are data: write them outside the repository."""
import csv, json, glob, os, random, sys

src, modes, out = sys.argv[1], set(sys.argv[2].split(',')), sys.argv[3]
seed = int(sys.argv[4]) if len(sys.argv) > 4 else 1
known = {'noise', 'drift', 'spikes', 'decimate', 'freeze', 'miss', 'glimpse', 'passers', 'wall',
         'outofrange', 'proxglitch', 'noprox', 'aisle'}
if not modes <= known:
    sys.exit('unknown mode(s): %s' % ', '.join(sorted(modes - known)))
if 'aisle' in modes:
    modes |= {'miss', 'glimpse', 'passers', 'proxglitch'}
OUT_OF_RANGE = 8190
NEAR_MM = 500
os.makedirs(out, exist_ok=True)
rnd = random.Random(seed)


def near_segments(prox):
    """Runs of near readings (gaps up to 150 ms joined): the reaches and bodies of the source."""
    segs, cur = [], None
    for t, v in prox:
        if v < NEAR_MM:
            if cur and t - cur[1] <= 150:
                cur[1] = t
            else:
                cur = [t, t]
                segs.append(cur)
    return segs


def proximity_model(prox, tend):
    """Returns f(t, v) -> reading or None (row dropped), per the proximity modes."""
    if 'noprox' in modes:
        return lambda t, v: None
    wall = None
    flicker = 0.0
    if 'aisle' in modes:
        if rnd.random() < 0.3:
            wall, flicker = rnd.uniform(1200, 2000), rnd.uniform(0.3, 1.0)
        else:
            wall = rnd.uniform(400, 2500)
    if 'wall' in modes:
        wall = rnd.uniform(400, 2500)
    if 'outofrange' in modes:
        wall, flicker = rnd.uniform(1200, 2000), rnd.uniform(0.3, 1.0)
    missed, windows = set(), {}
    segs = near_segments(prox)
    p_miss = rnd.uniform(0.08, 0.30)
    for i, (a, b) in enumerate(segs):
        if 'miss' in modes and rnd.random() < p_miss:
            missed.add(i)
        elif 'glimpse' in modes and rnd.random() < 0.5:
            w = rnd.uniform(50, 300)
            s = rnd.uniform(a, max(a, b - w))
            windows[i] = (s, s + w)
    passers = []
    if 'passers' in modes:
        t = rnd.uniform(0, 20000)
        while t < tend:
            d = rnd.uniform(1000, 8000)
            top = min(700, 0.8 * wall) if wall else 700
            passers.append((t, t + d, rnd.uniform(150, top)))
            t += d + rnd.expovariate(1 / 20000)

    def background(v):
        if wall is None:
            return v
        if flicker and rnd.random() < flicker:
            return OUT_OF_RANGE
        return wall * (1 + rnd.gauss(0, 0.02))

    def f(t, v):
        if v < NEAR_MM:
            i = max((j for j, (a, b) in enumerate(segs) if a <= t <= b), default=-1)
            hidden = i in missed or (i in windows and not windows[i][0] <= t <= windows[i][1])
            x = background(1150) if hidden else v
        else:
            x = background(v)
        if x >= NEAR_MM or x == OUT_OF_RANGE:
            for a, b, mm in passers:
                if a <= t < b:
                    x = min(x, mm * (1 + rnd.gauss(0, 0.05)))
        if 'proxglitch' in modes and rnd.random() < 0.01:
            x = rnd.choice([0, OUT_OF_RANGE, rnd.uniform(0, OUT_OF_RANGE)])
        return int(round(x))
    return f


for f in sorted(glob.glob(os.path.join(src, '*.json'))):
    stem = f[:-5]
    name = os.path.basename(stem)
    cfg = json.load(open(f))
    truth = [json.loads(l) for l in open(stem + '.truth.jsonl')]
    rows = list(csv.reader(open(stem + '.csv')))
    hdr, rows = rows[0], rows[1:]
    lanes = [l['id'] for l in cfg['lanes']]
    cnt = {}
    newrows = []
    if 'decimate' in modes and cfg['sps'] != 80:
        continue
    tend = int(rows[-1][0])
    freeze = {}
    if 'freeze' in modes:
        busy = [(e.get('t_start_ms', e['t_ms']) - 3000, e['t_ms'] + 3000, e['lane']) for e in truth]
        for _ in range(50):
            l = rnd.choice(lanes)
            t0 = rnd.randint(5000, tend - 10000)
            if not any(a < t0 + 5000 and t0 < b and L == l for a, b, L in busy) and not any(
                    e.get('kind') == 'sensor_fault' and e['lane'] == l for e in truth):
                freeze[l] = (t0, t0 + 4000)
                truth.append({"t_ms": t0, "t_start_ms": t0, "lane": l, "type": "anomaly",
                              "kind": "sensor_fault", "qty": 0})
                break
    prox = [(int(r[0]), float(r[2])) for r in rows if r[1].startswith('prox:')]
    proximity = proximity_model(prox, tend) if modes & {'miss', 'glimpse', 'passers', 'wall', 'outofrange',
                                                       'proxglitch', 'noprox', 'aisle'} else None
    frozenval = {}
    for r in rows:
        t = int(r[0])
        s = r[1]
        v = r[2]
        if s.startswith('lane:'):
            l = s[5:]
            x = float(v)
            if 'noise' in modes:
                x += rnd.gauss(0, 3)
            if 'drift' in modes:
                x += (0.3 if int(l) % 2 else -0.3) * t / 1000.0
            if 'spikes' in modes and rnd.random() < 0.003:
                x += rnd.choice([-1, 1]) * rnd.uniform(200, 5000)
            if 'decimate' in modes:
                cnt[l] = cnt.get(l, 0) + 1
                if cnt[l] % 8:
                    continue
            if l in freeze and freeze[l][0] <= t < freeze[l][1]:
                if l not in frozenval:
                    frozenval[l] = round(x, 2)
                x = frozenval[l]
            v = '%.2f' % x
        elif s.startswith('prox:') and proximity:
            x = proximity(t, float(v))
            if x is None:
                continue
            v = str(x)
        newrows.append([r[0], s, v])
    if 'decimate' in modes:
        cfg['sps'] = 10
    json.dump(cfg, open(os.path.join(out, name + '.json'), 'w'))
    with open(os.path.join(out, name + '.csv'), 'w', newline='') as fo:
        w = csv.writer(fo)
        w.writerow(hdr)
        w.writerows(newrows)
    truth.sort(key=lambda e: e['t_ms'])
    with open(os.path.join(out, name + '.truth.jsonl'), 'w') as fo:
        for e in truth:
            fo.write(json.dumps(e) + '\n')
