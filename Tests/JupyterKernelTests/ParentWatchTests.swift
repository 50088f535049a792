import Foundation
import Testing
@testable import JupyterKernel

/// ipykernel's rule for noticing that the launcher died.
@Suite struct ParentWatchTests {
    @Test func aDeclaredParentIsWatchedForAnyChange() {
        let watch = ParentWatch(environment: ["JPY_PARENT_PID": "\(getppid())"])
        #expect(watch.parentPID == getppid())
        #expect(!watch.parentIsGone(currentParent: getppid()))
        #expect(watch.parentIsGone(currentParent: 1))
        #expect(watch.parentIsGone(currentParent: getppid() + 1), "re-parented to a subreaper")
    }

    @Test func withoutAValidDeclarationOnlyInitCounts() {
        for environment in [[:], ["JPY_PARENT_PID": "not a pid"], ["JPY_PARENT_PID": "\(getppid() + 1)"]] {
            let watch = ParentWatch(environment: environment)
            #expect(watch.parentPID == 0)
            #expect(!watch.parentIsGone(currentParent: getppid() + 7))
            #expect(watch.parentIsGone(currentParent: 1))
        }
    }
}
