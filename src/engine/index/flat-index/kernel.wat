;; Flat-scan kernels for WasmFlatIndex (WebAssembly SIMD128; runs wherever the index runs: a
;; worker, the main thread or Node). Assembled by scripts/build-wasm.mjs into kernel.wasm.ts.
;; All pointers are byte offsets chosen by the TypeScript side; this module owns no layout.

(module
  (memory (export "memory") 1)

  ;; Dot product of two f32 vectors of length $n. Four independent accumulators so the scan is
  ;; bound by memory bandwidth, not by the latency of a single chain of f32x4.add.
  (func $dot_f32 (param $a i32) (param $b i32) (param $n i32) (result f32)
    (local $acc0 v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128)
    (local $end i32) (local $end4 i32) (local $end16 i32) (local $sum f32)
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $end4
      (i32.add (local.get $a) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (local.set $end16
      (i32.add (local.get $a) (i32.shl (i32.and (local.get $n) (i32.const -16)) (i32.const 2))))
    (if (i32.lt_u (local.get $a) (local.get $end16))
      (then
        (loop $by16
          (local.set $acc0 (f32x4.add (local.get $acc0)
            (f32x4.mul (v128.load (local.get $a)) (v128.load (local.get $b)))))
          (local.set $acc1 (f32x4.add (local.get $acc1)
            (f32x4.mul (v128.load offset=16 (local.get $a)) (v128.load offset=16 (local.get $b)))))
          (local.set $acc2 (f32x4.add (local.get $acc2)
            (f32x4.mul (v128.load offset=32 (local.get $a)) (v128.load offset=32 (local.get $b)))))
          (local.set $acc3 (f32x4.add (local.get $acc3)
            (f32x4.mul (v128.load offset=48 (local.get $a)) (v128.load offset=48 (local.get $b)))))
          (local.set $a (i32.add (local.get $a) (i32.const 64)))
          (local.set $b (i32.add (local.get $b) (i32.const 64)))
          (br_if $by16 (i32.lt_u (local.get $a) (local.get $end16))))))
    (if (i32.lt_u (local.get $a) (local.get $end4))
      (then
        (loop $by4
          (local.set $acc0 (f32x4.add (local.get $acc0)
            (f32x4.mul (v128.load (local.get $a)) (v128.load (local.get $b)))))
          (local.set $a (i32.add (local.get $a) (i32.const 16)))
          (local.set $b (i32.add (local.get $b) (i32.const 16)))
          (br_if $by4 (i32.lt_u (local.get $a) (local.get $end4))))))
    (local.set $acc0 (f32x4.add
      (f32x4.add (local.get $acc0) (local.get $acc1))
      (f32x4.add (local.get $acc2) (local.get $acc3))))
    (local.set $sum (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $acc0)) (f32x4.extract_lane 1 (local.get $acc0)))
      (f32.add (f32x4.extract_lane 2 (local.get $acc0)) (f32x4.extract_lane 3 (local.get $acc0)))))
    (if (i32.lt_u (local.get $a) (local.get $end))
      (then
        (loop $tail
          (local.set $sum (f32.add (local.get $sum)
            (f32.mul (f32.load (local.get $a)) (f32.load (local.get $b)))))
          (local.set $a (i32.add (local.get $a) (i32.const 4)))
          (local.set $b (i32.add (local.get $b) (i32.const 4)))
          (br_if $tail (i32.lt_u (local.get $a) (local.get $end))))))
    (local.get $sum))

  ;; Integer dot product of two int8 vectors of length $n. Codes must lie in -127..127: then the
  ;; sum of two adjacent i16 products (at most 2 * 127 * 127 = 32258) cannot overflow an i16
  ;; lane, which saves one widening step per 16 bytes.
  (func $dot_i8 (param $a i32) (param $b i32) (param $n i32) (result i32)
    (local $acc0 v128) (local $acc1 v128) (local $va v128) (local $vb v128)
    (local $end i32) (local $end16 i32) (local $end32 i32) (local $sum i32)
    (local.set $end (i32.add (local.get $a) (local.get $n)))
    (local.set $end16 (i32.add (local.get $a) (i32.and (local.get $n) (i32.const -16))))
    (local.set $end32 (i32.add (local.get $a) (i32.and (local.get $n) (i32.const -32))))
    (if (i32.lt_u (local.get $a) (local.get $end32))
      (then
        (loop $by32
          (local.set $va (v128.load (local.get $a)))
          (local.set $vb (v128.load (local.get $b)))
          (local.set $acc0 (i32x4.add (local.get $acc0)
            (i32x4.extadd_pairwise_i16x8_s (i16x8.add
              (i16x8.extmul_low_i8x16_s (local.get $va) (local.get $vb))
              (i16x8.extmul_high_i8x16_s (local.get $va) (local.get $vb))))))
          (local.set $va (v128.load offset=16 (local.get $a)))
          (local.set $vb (v128.load offset=16 (local.get $b)))
          (local.set $acc1 (i32x4.add (local.get $acc1)
            (i32x4.extadd_pairwise_i16x8_s (i16x8.add
              (i16x8.extmul_low_i8x16_s (local.get $va) (local.get $vb))
              (i16x8.extmul_high_i8x16_s (local.get $va) (local.get $vb))))))
          (local.set $a (i32.add (local.get $a) (i32.const 32)))
          (local.set $b (i32.add (local.get $b) (i32.const 32)))
          (br_if $by32 (i32.lt_u (local.get $a) (local.get $end32))))))
    (if (i32.lt_u (local.get $a) (local.get $end16))
      (then
        (local.set $va (v128.load (local.get $a)))
        (local.set $vb (v128.load (local.get $b)))
        (local.set $acc0 (i32x4.add (local.get $acc0)
          (i32x4.extadd_pairwise_i16x8_s (i16x8.add
            (i16x8.extmul_low_i8x16_s (local.get $va) (local.get $vb))
            (i16x8.extmul_high_i8x16_s (local.get $va) (local.get $vb))))))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))))
    (local.set $acc0 (i32x4.add (local.get $acc0) (local.get $acc1)))
    (local.set $sum (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $acc0)) (i32x4.extract_lane 1 (local.get $acc0)))
      (i32.add (i32x4.extract_lane 2 (local.get $acc0)) (i32x4.extract_lane 3 (local.get $acc0)))))
    (if (i32.lt_u (local.get $a) (local.get $end))
      (then
        (loop $tail
          (local.set $sum (i32.add (local.get $sum)
            (i32.mul (i32.load8_s (local.get $a)) (i32.load8_s (local.get $b)))))
          (local.set $a (i32.add (local.get $a) (i32.const 1)))
          (local.set $b (i32.add (local.get $b) (i32.const 1)))
          (br_if $tail (i32.lt_u (local.get $a) (local.get $end))))))
    (local.get $sum))

  ;; out[r] = rows[r] . query for r in 0..$count, rows contiguous with $dim floats each.
  (func (export "score_f32")
    (param $query i32) (param $rows i32) (param $dim i32) (param $count i32) (param $out i32)
    (local $stride i32) (local $end i32)
    (local.set $stride (i32.shl (local.get $dim) (i32.const 2)))
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))))
    (if (i32.lt_u (local.get $out) (local.get $end))
      (then
        (loop $each_row
          (f32.store (local.get $out)
            (call $dot_f32 (local.get $rows) (local.get $query) (local.get $dim)))
          (local.set $rows (i32.add (local.get $rows) (local.get $stride)))
          (local.set $out (i32.add (local.get $out) (i32.const 4)))
          (br_if $each_row (i32.lt_u (local.get $out) (local.get $end)))))))

  ;; out[i] = rows[ids[i]] . query: exact rescoring of the candidates an int8 pass picked. It
  ;; shares $dot_f32 with score_f32 so both modes return bit-identical scores for a row.
  (func (export "gather_f32")
    (param $query i32) (param $rows i32) (param $dim i32)
    (param $ids i32) (param $count i32) (param $out i32)
    (local $stride i32) (local $end i32)
    (local.set $stride (i32.shl (local.get $dim) (i32.const 2)))
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))))
    (if (i32.lt_u (local.get $out) (local.get $end))
      (then
        (loop $each_id
          (f32.store (local.get $out)
            (call $dot_f32
              (i32.add (local.get $rows) (i32.mul (i32.load (local.get $ids)) (local.get $stride)))
              (local.get $query) (local.get $dim)))
          (local.set $ids (i32.add (local.get $ids) (i32.const 4)))
          (local.set $out (i32.add (local.get $out) (i32.const 4)))
          (br_if $each_id (i32.lt_u (local.get $out) (local.get $end)))))))

  ;; out[r] = (codes[r] . qcodes) * scales[r] * $qscale: the approximate first pass over int8
  ;; rows (stride $dim bytes) with a per-row dequantisation scale.
  (func (export "score_i8")
    (param $query i32) (param $qscale f32) (param $rows i32) (param $scales i32)
    (param $dim i32) (param $count i32) (param $out i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))))
    (if (i32.lt_u (local.get $out) (local.get $end))
      (then
        (loop $each_row
          (f32.store (local.get $out)
            (f32.mul
              (f32.mul
                (f32.convert_i32_s
                  (call $dot_i8 (local.get $rows) (local.get $query) (local.get $dim)))
                (f32.load (local.get $scales)))
              (local.get $qscale)))
          (local.set $rows (i32.add (local.get $rows) (local.get $dim)))
          (local.set $scales (i32.add (local.get $scales) (i32.const 4)))
          (local.set $out (i32.add (local.get $out) (i32.const 4)))
          (br_if $each_row (i32.lt_u (local.get $out) (local.get $end))))))))
