import Foundation
import OACModel
import OACOutput
import OACSupport

/// What every renderer reads: the resolved model, and its cost estimate, worked out once by the first job that
/// needs it (the cost files, the shard plan) while other jobs render what does not depend on it.
public struct RenderInput: Sendable {
    public let model: Model
    public let estimate: Once<CostEstimate>

    public init(_ model: Model) {
        self.model = model
        estimate = Once { CostEstimate.estimate(model) }
    }

    public init(_ model: Model, estimate: CostEstimate) {
        self.model = model
        self.estimate = Once { estimate }
    }
}

/// A renderer: the model in, files out, never the disk. Its one entry point is `jobs`: independent pieces of
/// work (one per service where the output is per service) that the pipeline runs on every core and the CLI
/// writes as each one finishes. `render` runs them all, for callers that want the files in memory.
public protocol Renderer {
    static func jobs(_ input: RenderInput) -> [RenderJob]
}

extension Renderer {
    /// Every file of this renderer, sorted by path.
    public static func render(_ input: RenderInput) -> [OutputFile] {
        RenderJob.runAll(jobs(input)).sorted { $0.path < $1.path }
    }

    /// Every file of this renderer for `model`.
    public static func render(_ model: Model) -> [OutputFile] {
        render(RenderInput(model))
    }
}
