import Foundation
import OACModel
import OACOutput

/// Writes the resolved model as `model.json`: what every other renderer sees, for review and tooling.
public enum ModelJSONRenderer: Renderer {
    public static let path = "model.json"

    public static func jobs(_ input: RenderInput) -> [RenderJob] {
        [RenderJob { [OutputFile(path: path, json: input.model)] }]
    }
}
