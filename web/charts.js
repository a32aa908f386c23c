// A small time-series line chart on a <canvas>, written for this page instead of pulling in a
// chart library: a few series over a sliding window, an auto-scaled y axis with round ticks, a
// legend with each series' latest value. null values leave a gap. The x axis spans the data
// held, at least a minute and at most the window, so a fresh page is not a line at the edge.

const PAD = { left: 52, right: 12, top: 22, bottom: 22 };
const MIN_SPAN_MS = 60000;

function niceStep(range, ticks) {
  const raw = range / ticks;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) {
    if (raw <= m * magnitude) return m * magnitude;
  }
  return 10 * magnitude;
}

function formatValue(v) {
  if (v === null || v === undefined || Number.isNaN(v)) return '-';
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en');
  if (Math.abs(v) >= 10) return v.toFixed(0);
  return v.toFixed(v === Math.round(v) ? 0 : 1);
}

export class LineChart {
  // series: [{name, color}]; windowSeconds: how much history the x axis shows.
  constructor(canvas, series, windowSeconds = 300) {
    this.canvas = canvas;
    this.series = series;
    this.windowMs = windowSeconds * 1000;
    this.points = [];  // {t (ms), values: [number|null per series]}
  }

  push(t, values) {
    this.points.push({ t, values });
    const oldest = t - this.windowMs;
    while (this.points.length > 2 && this.points[0].t < oldest) this.points.shift();
    this.draw();
  }

  // How many points hold a value above zero, per series (the page's tests read this).
  nonZeroCounts() {
    return this.series.map((_, i) => this.points.filter((p) => p.values[i] > 0).length);
  }

  resize() {
    const ratio = window.devicePixelRatio || 1;
    const width = this.canvas.clientWidth || this.canvas.width;
    const height = this.canvas.clientHeight || this.canvas.height;
    if (this.canvas.width !== Math.round(width * ratio)) {
      this.canvas.width = Math.round(width * ratio);
      this.canvas.height = Math.round(height * ratio);
    }
    const ctx = this.canvas.getContext('2d');
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    return { ctx, width, height };
  }

  draw() {
    const { ctx, width, height } = this.resize();
    ctx.clearRect(0, 0, width, height);
    ctx.font = '11px system-ui, sans-serif';
    const plotW = width - PAD.left - PAD.right;
    const plotH = height - PAD.top - PAD.bottom;
    const now = this.points.length ? this.points[this.points.length - 1].t : Date.now();
    const held = this.points.length ? now - this.points[0].t : 0;
    const span = Math.min(this.windowMs, Math.max(MIN_SPAN_MS, held));
    const start = now - span;
    let max = 0;
    for (const p of this.points) {
      for (const v of p.values) if (v !== null && v > max) max = v;
    }
    const step = niceStep(max > 0 ? max : 1, 4);
    const top = Math.max(step, Math.ceil(max / step) * step);
    const x = (t) => PAD.left + ((t - start) / span) * plotW;
    const y = (v) => PAD.top + plotH - (v / top) * plotH;

    // Grid and y labels.
    ctx.strokeStyle = '#e4e7ec';
    ctx.fillStyle = '#667085';
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (let v = 0; v <= top + step / 2; v += step) {
      ctx.beginPath();
      ctx.moveTo(PAD.left, y(v));
      ctx.lineTo(width - PAD.right, y(v));
      ctx.stroke();
      ctx.fillText(formatValue(v), PAD.left - 6, y(v));
    }
    // x labels: time ago, in steps of 10 s, 30 s or whole minutes as the span grows.
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    const stepS = span <= 60000 ? 10 : span <= 180000 ? 30 : 60;
    for (let ago = 0; ago * 1000 <= span; ago += stepS) {
      const label = ago === 0 ? 'now' : ago % 60 === 0 ? `-${ago / 60}m` : `-${ago}s`;
      ctx.fillText(label, x(now - ago * 1000), height - PAD.bottom + 5);
    }

    // Lines.
    this.series.forEach((s, i) => {
      ctx.strokeStyle = s.color;
      ctx.lineWidth = 1.8;
      ctx.beginPath();
      let drawing = false;
      for (const p of this.points) {
        const v = p.values[i];
        if (v === null || v === undefined) {
          drawing = false;
          continue;
        }
        if (drawing) ctx.lineTo(x(p.t), y(v));
        else ctx.moveTo(x(p.t), y(v));
        drawing = true;
      }
      ctx.stroke();
    });

    // Legend with the latest values.
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    let lx = PAD.left;
    const last = this.points.length ? this.points[this.points.length - 1].values : [];
    this.series.forEach((s, i) => {
      ctx.fillStyle = s.color;
      ctx.fillRect(lx, 6, 10, 10);
      ctx.fillStyle = '#1d2430';
      const label = `${s.name} ${formatValue(last[i])}`;
      ctx.fillText(label, lx + 14, 11);
      lx += ctx.measureText(label).width + 32;
    });
  }
}
