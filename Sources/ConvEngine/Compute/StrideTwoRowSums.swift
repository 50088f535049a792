import ConvSIMD

/// `col2im` over a whole sample that writes its image channels instead of adding into
/// zeroed ones, in float32 when a row's stride is 2 and its taps are not dilated (DCGAN's
/// and U-Net's upsamplings): each image row is formed in registers, phase by phase, from
/// the column runs that reach it, and stored once (ConvSIMD's ``StrideTwoRowsAVX2``).
///
/// An image element receives its taps in `col2im`'s order (kernel depth, height, then
/// width), from `+0.0`, so the result is ``Lowering/col2im(columns:ldc:image:geometry:start:count:channels:)``'s
/// adding loops' on a zeroed image, to the bit, with each image element written once
/// and no zeroing pass. Its masked loads read nothing outside the columns' runs.
struct StrideTwoRowSums {
    let g: ConvGeometry
    /// Along a row: the taps of the even image columns, then of the odd ones, each in
    /// kernel order, and each tap's displacement `q` (tap `b` meets image column
    /// `2 * (x + q) + phase` from column position `x`).
    let taps: [Int], evenTaps: Int, displacements: [Int]
    /// The chunks of sixteen image columns whose lanes every tap reads; per listed tap a
    /// mask for each other chunk, in order, then the last chunk's two stores' masks.
    let chunks: Int, interior: Range<Int>, masks: [SIMD8<Int32>]
    /// Per image row (depth slice, then row): `runStarts[r] ..< runStarts[r + 1]` index the
    /// kernel rows (`e * kernelHeight + a`) that reach it and the column positions
    /// (`(z * columnHeight + y) * columnWidth`) where they do, in kernel order.
    let runStarts: [Int], kernelRows: [Int], runPositions: [Int]

    /// The sums for a whole sample of `g` in element type `T`: nil unless `T` is `Float`,
    /// the CPU runs ConvSIMD's AVX2 code, the row's stride is 2 and its dilation 1.
    init?<T>(_ g: ConvGeometry, _: T.Type) {
        guard T.self == Float.self, SIMDSupport.haswell, g.stride[2] == 2, g.dilation[2] == 1, g.imageSize[2] > 0 else {
            return nil
        }
        self.g = g
        let (kw, ow, iw, pw) = (g.kernel[2], g.columnSize[2], g.imageSize[2], g.paddingBefore[2])
        let shifts = (0..<kw).map { $0 - pw }
        func phase(_ b: Int) -> Int { shifts[b] & 1 }
        let even = (0..<kw).filter { phase($0) == 0 }, odd = (0..<kw).filter { phase($0) == 1 }
        let taps = even + odd, displacements = taps.map { (shifts[$0] - phase($0)) / 2 }
        (self.taps, evenTaps, self.displacements) = (taps, even.count, displacements)
        let lanes = StrideTwoRowsAVX2.chunkColumns / 2
        chunks = (iw + StrideTwoRowsAVX2.chunkColumns - 1) / StrideTwoRowsAVX2.chunkColumns
        // Tap t reads lanes m in reach[t] (its column x = m - q inside the columns, its
        // image column 2m + phase inside the row).
        let reach = zip(taps, displacements).map { tap, q in
            max(0, q)..<max(max(0, q), min(ow + q, (iw - phase(tap) + 1) / 2))
        }
        let firstFull = (reach.map(\.lowerBound).max()! + lanes - 1) / lanes
        let interior = firstFull..<max(firstFull, min(chunks, reach.map(\.upperBound).min()! / lanes))
        self.interior = interior
        var masks = [SIMD8<Int32>]()
        for lanesRead in reach {
            for k in 0..<chunks where !interior.contains(k) {
                var mask = SIMD8<Int32>()
                for l in 0..<lanes where lanesRead.contains(k * lanes + l) { mask[l] = -1 }
                masks.append(mask)
            }
        }
        var last = (SIMD8<Int32>(), SIMD8<Int32>())
        let lastColumn = (chunks - 1) * StrideTwoRowsAVX2.chunkColumns
        for l in 0..<lanes {
            if lastColumn + l < iw { last.0[l] = -1 }
            if lastColumn + lanes + l < iw { last.1[l] = -1 }
        }
        self.masks = masks + [last.0, last.1]
        var (runStarts, kernelRows, runPositions) = ([0], [Int](), [Int]())
        let (kd, kh) = (g.kernel[0], g.kernel[1])
        let oh = g.columnSize[1]
        /// The column coordinate whose tap `k` meets image coordinate `i` along axis `d`.
        func column(_ i: Int, tap k: Int, axis d: Int) -> Int? {
            let t = i + g.paddingBefore[d] - k * g.dilation[d]
            guard t >= 0, t % g.stride[d] == 0, t / g.stride[d] < g.columnSize[d] else { return nil }
            return t / g.stride[d]
        }
        for zi in 0..<g.imageSize[0] {
            for yi in 0..<g.imageSize[1] {
                for e in 0..<kd {
                    guard let z = column(zi, tap: e, axis: 0) else { continue }
                    for a in 0..<kh {
                        guard let y = column(yi, tap: a, axis: 1) else { continue }
                        kernelRows.append(e * kh + a)
                        runPositions.append((z * oh + y) * ow)
                    }
                }
                runStarts.append(kernelRows.count)
            }
        }
        (self.runStarts, self.kernelRows, self.runPositions) = (runStarts, kernelRows, runPositions)
    }

    /// Writes `channels`' image planes (`image` is the sample's group's first channel)
    /// from the sample's columns (rows `ldc` apart, row 0 the first tap of
    /// `channels.lowerBound`), as zeroing them and then ``Lowering/col2im(columns:ldc:image:geometry:start:count:channels:)``
    /// would.
    /// - Precondition: `T` is `Float` (as the initialiser checked).
    func write<T>(columns: UnsafePointer<T>, ldc: Int, image: UnsafeMutablePointer<T>, channels: Range<Int>) {
        let columns = UnsafeRawPointer(columns).assumingMemoryBound(to: Float.self)
        let image = UnsafeMutableRawPointer(image).assumingMemoryBound(to: Float.self)
        let kw = g.kernel[2]
        // One offset past the runs, so that the table has a first element when no run reaches the image.
        let runOffsets = zip(kernelRows, runPositions).map { $0 * kw * ldc + $1 } + [0]
        let tapOffsets = zip(taps, displacements).map { $0 * ldc - $1 }
        runStarts.withUnsafeBufferPointer { starts in
            runOffsets.withUnsafeBufferPointer { runOffsets in
                tapOffsets.withUnsafeBufferPointer { tapOffsets in
                    masks.withUnsafeBufferPointer { masks in
                        StrideTwoRowsAVX2.writePlanes(
                            columns: columns, columnStride: g.kernelVolume * ldc, channels: channels.count,
                            runStarts: starts.baseAddress!, runOffsets: runOffsets.baseAddress!, rows: starts.count - 1,
                            tapOffsets: tapOffsets.baseAddress!, evenTaps: evenTaps, oddTaps: taps.count - evenTaps,
                            chunks: chunks, interior: interior, masks: masks.baseAddress!, width: g.imageSize[2],
                            image: image + channels.lowerBound * g.imagePlane, planeStride: g.imagePlane)
                    }
                }
            }
        }
    }
}
