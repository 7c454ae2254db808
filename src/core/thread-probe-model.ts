// The WASM thread probe's model, built in code: dynamically quantised int8 matrix products shaped
// like one Qwen3-0.6B MLP (the operators that dominate the q8 export's CPU time). Pure: the probe
// worker runs it with onnxruntime-web; a Node test checks it against onnxruntime-node.

import { encodeModel, ONNX_TYPE, type OnnxNode, type OnnxTensor } from './onnx-proto';

export interface ProbeModelSpec {
  /** Token rows per run (a short passage). */
  rows: number;
  hidden: number;
  intermediate: number;
  /** MLP blocks chained: each is an up (hidden → intermediate) and a down projection. */
  blocks: number;
  seed: number;
}

/** Qwen3-0.6B's MLP widths over a 128-token chunk: about 20-30 ms per run on one WASM thread. */
export const THREAD_PROBE_SPEC: ProbeModelSpec = {
  rows: 128,
  hidden: 1024,
  intermediate: 3072,
  blocks: 1,
  seed: 0x5eed,
};

export const PROBE_INPUT = 'x';
export const PROBE_OUTPUT = 'y';

/** One quantised projection: `weights` is row-major [k, n] int8, dequantised by `scale`. */
export interface ProbeLayer {
  k: number;
  n: number;
  weights: Int8Array;
  scale: number;
}

/** Mulberry32: a small seeded PRNG, so every device builds the same bytes. Values in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The projections in graph order, weights uniform in [-127, 127]. */
export function probeLayers(spec: ProbeModelSpec): ProbeLayer[] {
  const random = seededRandom(spec.seed);
  const shapes: Array<[number, number]> = [];
  for (let b = 0; b < spec.blocks; b++)
    shapes.push([spec.hidden, spec.intermediate], [spec.intermediate, spec.hidden]);
  return shapes.map(([k, n]) => {
    const weights = new Int8Array(k * n);
    for (let i = 0; i < weights.length; i++) weights[i] = Math.floor(random() * 255) - 127;
    // Keeps activations near unit size: var(w) ≈ 127² / 3 per weight, k weights per output.
    return { k, n, weights, scale: Math.fround(1 / Math.sqrt((k * 127 * 127) / 3)) };
  });
}

/** The input the probe runs on: [rows, hidden] uniform in [-1, 1), from the spec's seed. */
export function probeInput(spec: ProbeModelSpec): Float32Array {
  const random = seededRandom(spec.seed ^ 0x9e3779b9);
  return Float32Array.from({ length: spec.rows * spec.hidden }, () => random() * 2 - 1);
}

function scalar(name: string, type: OnnxTensor['type'], value: number): OnnxTensor {
  const raw = new Uint8Array(4);
  if (type === ONNX_TYPE.float) new DataView(raw.buffer).setFloat32(0, value, true);
  else raw[0] = value & 0xff;
  return { name, type, dims: [], raw: type === ONNX_TYPE.float ? raw : raw.subarray(0, 1) };
}

/**
 * Each projection as ONNX Runtime's dynamic quantisation writes it: DynamicQuantizeLinear on the
 * activations, MatMulInteger (uint8 × int8) into int32, Cast to float, Mul by both scales.
 */
export function buildProbeModel(spec: ProbeModelSpec = THREAD_PROBE_SPEC): Uint8Array {
  const nodes: OnnxNode[] = [];
  const initializers: OnnxTensor[] = [];
  let x = PROBE_INPUT;
  probeLayers(spec).forEach((layer, i, all) => {
    const p = `l${i}`;
    const w = `${p}_w`;
    initializers.push(
      {
        name: w,
        type: ONNX_TYPE.int8,
        dims: [layer.k, layer.n],
        raw: new Uint8Array(layer.weights.buffer),
      },
      scalar(`${p}_w_zp`, ONNX_TYPE.int8, 0),
      scalar(`${p}_w_scale`, ONNX_TYPE.float, layer.scale),
    );
    const y = i === all.length - 1 ? PROBE_OUTPUT : `${p}_y`;
    nodes.push(
      { op: 'DynamicQuantizeLinear', inputs: [x], outputs: [`${p}_q`, `${p}_s`, `${p}_zp`] },
      {
        op: 'MatMulInteger',
        inputs: [`${p}_q`, w, `${p}_zp`, `${p}_w_zp`],
        outputs: [`${p}_acc`],
      },
      {
        op: 'Cast',
        inputs: [`${p}_acc`],
        outputs: [`${p}_accf`],
        attributes: [{ name: 'to', int: ONNX_TYPE.float }],
      },
      { op: 'Mul', inputs: [`${p}_s`, `${p}_w_scale`], outputs: [`${p}_scale`] },
      { op: 'Mul', inputs: [`${p}_accf`, `${p}_scale`], outputs: [y] },
    );
    x = y;
  });
  return encodeModel({
    name: 'sieve-thread-probe',
    nodes,
    initializers,
    inputs: [{ name: PROBE_INPUT, type: ONNX_TYPE.float, shape: ['rows', spec.hidden] }],
    outputs: [{ name: PROBE_OUTPUT, type: ONNX_TYPE.float, shape: ['rows', spec.hidden] }],
    opset: 17,
  });
}
