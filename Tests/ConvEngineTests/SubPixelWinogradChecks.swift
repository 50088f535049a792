import Testing
@testable import ConvEngine

/// The checks both of ``SubPixelWinograd``'s directions pass (`SubPixelWinogradKernelTests`,
/// `SubPixelWinogradConvolutionTests`), given each direction's outputs: the lowered
/// reference's and the kernel's for a plan, with the threads of `resources` and at most
/// `tileBudget` tiles a block (nil: the kernel's own budget).
enum SubPixelWinogradChecks {
    typealias Outputs = (ConvPlan, ComputeResources, Int?) throws -> (reference: [Float], winograd: [Float])

    /// Every plan's outputs agree with the reference bit for bit (integer operands).
    static func matchReference(_ plans: [ConvPlan], _ outputs: Outputs, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for plan in plans {
            let (reference, winograd) = try outputs(plan, ComputeResources(), nil)
            #expect(RouteComparison.differing(reference, winograd) == 0, "\(plan.geometry)", sourceLocation: sourceLocation)
        }
    }

    /// Small blocks (8 tiles: images cut into rows and pieces of rows) on three threads
    /// give one thread's outputs with the kernel's own blocks, and the reference's.
    static func smallBlocksAndThreadsAgree(_ plans: [ConvPlan], _ outputs: Outputs,
                                           sourceLocation: SourceLocation = #_sourceLocation) throws {
        for plan in plans {
            let single = try outputs(plan, ComputeResources(EngineContext(computeThreads: 1)), nil)
            let blocked = try outputs(plan, ComputeResources(EngineContext(computeThreads: 3)), 8)
            #expect(RouteComparison.differing(single.reference, blocked.winograd) == 0, "\(plan.geometry)",
                    sourceLocation: sourceLocation)
            #expect(single.winograd == blocked.winograd, "\(plan.geometry)", sourceLocation: sourceLocation)
        }
    }
}
