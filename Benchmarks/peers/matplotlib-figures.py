# The matplotlib side of `understudy-bench plot/overlay plot/learning-curves` (the goal: figures
# >= 10x faster than matplotlib, measured side by side). Run in the same session as the bench:
#   python3 -m venv /tmp/venv-mpl && /tmp/venv-mpl/bin/pip install matplotlib
#   /tmp/venv-mpl/bin/python Benchmarks/peers/matplotlib-figures.py
# Median ms of 7 (build the figure + savefig to memory), in a running process.
import time, io, numpy as np, matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
straight, radius = 20.0, 8.0
per = 2*straight + 2*np.pi*radius
def centre(s):
    s = np.mod(s, per); x = np.empty_like(s); y = np.empty_like(s); nx = np.empty_like(s); ny = np.empty_like(s)
    a = s < straight; x[a] = -straight/2 + s[a]; y[a] = -radius; nx[a] = 0; ny[a] = -1
    s2 = s - straight; b = (~a) & (s2 < np.pi*radius); ang = -np.pi/2 + s2[b]/radius
    x[b] = straight/2 + radius*np.cos(ang); y[b] = radius*np.sin(ang); nx[b] = np.cos(ang); ny[b] = np.sin(ang)
    s3 = s2 - np.pi*radius; c = (~a) & (~b) & (s3 < straight)
    x[c] = straight/2 - s3[c]; y[c] = radius; nx[c] = 0; ny[c] = 1
    s4 = s3 - straight; d = (~a) & (~b) & (~c); ang = np.pi/2 + s4[d]/radius
    x[d] = -straight/2 + radius*np.cos(ang); y[d] = radius*np.sin(ang); nx[d] = np.cos(ang); ny[d] = np.sin(ang)
    return x, y, nx, ny
rng = np.random.default_rng(1)
edges = []
ex, ey, enx, eny = centre(np.arange(401)/400*per)
for o in (-1, 1): edges.append((ex + o*enx, ey + o*eny))
runs = []
sx, sy, snx, sny = centre(np.arange(1000)*0.2)
for m in range(5):
    rs = []
    for seed in range(10):
        off = np.zeros(1000); o = 0.0; z = rng.standard_normal(1000)
        for t in range(1000): o = o*0.995 + 0.0005*m + 0.03*z[t]; off[t] = o
        rs.append((sx + off*snx, sy + off*sny))
    runs.append(rs)
colors = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9"]
names = ["Expert", "BC", "DAgger", "GAIL", "BC (clean labels)"]
def overlay_figure():
    fig, ax = plt.subplots(figsize=(8, 5), dpi=200)
    for x, y in edges: ax.plot(x, y, color="#9A9A9A", lw=1.2)
    for m, rs in enumerate(runs):
        for k, (x, y) in enumerate(rs): ax.plot(x, y, color=colors[m], lw=1, alpha=0.6, label=names[m] if k == 0 else None)
    ax.set_aspect("equal"); ax.set_title("Trajectories: 5 methods x 10 seeds"); ax.set_xlabel("x (m)"); ax.set_ylabel("y (m)")
    ax.legend(loc="best")
    return fig

# Learning curves: 4 methods x 20 iterations, mean line + 95 % band.
rng2 = np.random.default_rng(1)
it = np.arange(20.0)
curves = []
for m in range(4):
    level = 0.2 + 0.7 * (1 - np.exp(-0.2 * (m + 1) * it)) + 0.02 * rng2.standard_normal(20)
    curves.append((level, level - 0.08, level + 0.08))
curve_colors = ["#0072B2", "#E69F00", "#009E73", "#CC79A7"]
curve_names = ["BC", "DAgger", "GAIL", "BC (clean labels)"]
def curves_figure():
    fig, ax = plt.subplots(figsize=(8, 5), dpi=200)
    for m, (mean, lo, hi) in enumerate(curves):
        ax.fill_between(it, lo, hi, color=curve_colors[m], alpha=0.2, lw=0)
        ax.plot(it, mean, color=curve_colors[m], lw=1.5, label=curve_names[m])
    ax.set_title("On-road fraction (mean, 95 % CI over 10 seeds)"); ax.set_xlabel("iteration"); ax.set_ylabel("on-road fraction")
    ax.legend(loc="best")
    return fig
def median_ms(figure, fmt, n=7):
    ts = []
    for _ in range(n):
        t = time.perf_counter(); fig = figure(); buf = io.BytesIO(); fig.savefig(buf, format=fmt); plt.close(fig)
        ts.append(time.perf_counter() - t)
    ts.sort(); return round(ts[len(ts) // 2] * 1e3, 1)
print({"matplotlib": matplotlib.__version__,
       "overlay_png_ms": median_ms(overlay_figure, "png"), "overlay_svg_ms": median_ms(overlay_figure, "svg"),
       "curves_png_ms": median_ms(curves_figure, "png"), "curves_svg_ms": median_ms(curves_figure, "svg")})
