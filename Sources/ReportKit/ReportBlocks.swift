import Templating

/// The block generators report templates can use: the outline (`{{> body}}`) and what the
/// outline places inside it.
public enum ReportBlocks {
    public static var registry: BlockRegistry {
        var registry = BlockRegistry.standard
        registry.register("table", ReportTableBlock())
        registry.register("chart", ChartBlock())
        return registry
    }
}
