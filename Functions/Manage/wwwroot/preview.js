// The sensor preview of a set: per motion sensor a uPlot chart of the per-bucket min and max of x, y and z,
// with hand-wash markers. Dragging across a chart asks the server for that window at full resolution again.
import { apiUrl, getJson } from './api.js';
import { NewestAnswer, el, formatNumber } from './dom.js';

const points = 2000;
const chartHeight = 220;
// Matches the .axis-x/.axis-y/.axis-z swatches in app.css.
const axes = [
  { name: 'x', stroke: '#c0392b', fill: 'rgba(192, 57, 43, 0.25)' },
  { name: 'y', stroke: '#27ae60', fill: 'rgba(39, 174, 96, 0.25)' },
  { name: 'z', stroke: '#2471a3', fill: 'rgba(36, 113, 163, 0.25)' },
];
const markerColor = '#7d3c98';

export class Preview {
  #container;
  #status;
  #reset;
  #charts = [];
  #uuid = null;
  #origin = null;
  // The window shown, "from-to" in nanoseconds, or null for the whole set.
  #window = null;
  #answers = new NewestAnswer();
  #resize = new ResizeObserver(() => this.#fit());

  constructor(container, status, reset) {
    this.#container = container;
    this.#status = status;
    this.#reset = reset;
    reset.addEventListener('click', () => this.load(this.#uuid));
    this.#resize.observe(container);
  }

  /** Loads the whole set, or the window [from, to] in nanoseconds (BigInt) when given. */
  async load(uuid, from = null, to = null) {
    const isNewest = this.#answers.request();
    this.#uuid = uuid;
    this.#window = from === null ? null : `${from}-${to}`;
    const query = new URLSearchParams({ points: String(points) });
    if (from !== null) {
      query.set('from', String(from));
      query.set('to', String(to));
    }
    this.#status.textContent = 'Loading the preview…';
    try {
      const preview = await getJson(`${apiUrl`recordings/${uuid}/preview`}?${query}`);
      if (isNewest()) {
        this.#render(preview);
        this.#reset.hidden = from === null;
      }
    } catch (error) {
      if (isNewest()) {
        this.#clearCharts();
        this.#status.textContent = `No preview: ${error.message}`;
      }
    }
  }

  clear() {
    this.#answers.dropAll();
    this.#clearCharts();
  }

  #clearCharts() {
    for (const chart of this.#charts) {
      chart.destroy();
    }
    this.#charts = [];
    this.#container.replaceChildren();
    this.#status.textContent = '';
    this.#reset.hidden = true;
  }

  #render(preview) {
    this.#clearCharts();
    const sensors = preview.sensors;
    if (sensors.length === 0) {
      this.#status.textContent = 'This set has no motion sensor files to preview.';
      return;
    }
    // Nanosecond stamps exceed a double's integer precision; BigInt keeps the arithmetic exact enough to
    // address windows, while the chart itself uses seconds since the set's start (none when no file has a readable row).
    this.#origin = BigInt(Math.round(preview.origin ?? 0));
    const markers = preview.markers;
    this.#status.textContent = markers.length === 0 ? 'No hand-wash time stamps in this set.' : `${markers.length} hand-wash time stamp${markers.length === 1 ? '' : 's'}.`;
    this.#container.append(legend());
    for (const sensor of sensors) {
      const target = el('div', { className: 'chart' });
      this.#container.append(el('figure', {},
        el('figcaption', {},
          el('strong', {}, sensor.sensor), ' ',
          el('span', { className: 'mono' }, sensor.fileName), ' ',
          el('span', { className: 'hint' }, `${formatNumber(sensor.totalSamples)} samples`)),
        target));
      this.#charts.push(this.#chart(sensor, markers, target));
    }
  }

  #chart(sensor, markers, target) {
    const data = [sensor.t];
    const series = [{ label: 'time' }];
    const bands = [];
    for (const axis of axes) {
      const min = data.push(sensor.min[axis.name]) - 1;
      const max = data.push(sensor.max[axis.name]) - 1;
      series.push({ label: `${axis.name} min`, stroke: axis.stroke, width: 1 });
      series.push({ label: `${axis.name} max`, stroke: axis.stroke, width: 1 });
      bands.push({ series: [max, min], fill: axis.fill });
    }
    const options = {
      width: chartWidth(target),
      height: chartHeight,
      series,
      bands,
      legend: { show: false },
      // Room on the right for the last time label.
      padding: [8, 24, 0, 0],
      scales: { x: { time: false } },
      axes: [
        { values: (u, splits) => splits.map(s => clock(s, splits.length > 1 ? splits[1] - splits[0] : 1)), size: 36 },
        { size: 48 },
      ],
      cursor: { drag: { x: true, y: false, setScale: false }, sync: { key: 'preview' } },
      hooks: {
        setSelect: [u => this.#zoom(u)],
        draw: [u => drawMarkers(u, markers)],
      },
    };
    return new uPlot(options, data, target);
  }

  #zoom(u) {
    const { left, width } = u.select;
    u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
    if (width < 2) {
      return;
    }
    const from = this.#origin + BigInt(Math.floor(u.posToVal(left, 'x') * 1e9));
    const to = this.#origin + BigInt(Math.ceil(u.posToVal(left + width, 'x') * 1e9));
    // The charts share their cursor, so every chart reports the same selection: ask once.
    if (`${from}-${to}` !== this.#window) {
      this.load(this.#uuid, from, to);
    }
  }

  #fit() {
    for (const chart of this.#charts) {
      chart.setSize({ width: chartWidth(chart.root.parentElement), height: chartHeight });
    }
  }
}

/** Seconds since the set's start as m:ss or h:mm:ss, with tenths when the ticks are closer than a second. */
function clock(seconds, step) {
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  const secs = step < 1 ? rest.toFixed(1).padStart(4, '0') : String(Math.floor(rest)).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${secs}` : `${minutes}:${secs}`;
}

function chartWidth(target) {
  return Math.max(200, Math.floor(target.parentElement?.clientWidth || target.clientWidth || 600));
}

function drawMarkers(u, markers) {
  const { ctx, bbox } = u;
  const [low, high] = [u.scales.x.min, u.scales.x.max];
  ctx.save();
  ctx.strokeStyle = markerColor;
  ctx.lineWidth = 2 * devicePixelRatio;
  ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
  for (const marker of markers) {
    if (marker < low || marker > high) {
      continue;
    }
    const x = Math.round(u.valToPos(marker, 'x', true));
    ctx.beginPath();
    ctx.moveTo(x, bbox.top);
    ctx.lineTo(x, bbox.top + bbox.height);
    ctx.stroke();
  }
  ctx.restore();
}

function legend() {
  return el('p', { className: 'legend' },
    axes.map(axis => el('span', { className: `swatch axis-${axis.name}` }, axis.name)),
    el('span', { className: 'swatch marker' }, 'hand wash'),
    el('span', { className: 'hint' }, ' bands span the minimum to the maximum of each time bucket'));
}
