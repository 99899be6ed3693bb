using System.Management.Automation;
using Sweep.Engine.Training;

namespace Sweep.PsModule.Views;

/// <summary>
/// Curve and layer points as PowerShell objects (type names Sweep.CurvePoint and Sweep.LayerPoint), generated from
/// the field tables (<see cref="ResultFields.Eval"/>, <see cref="ResultFields.Layer"/>) so a new column appears without
/// a change here: Path and TrialId, then one typed property per field, snake_case as PascalCase (train_loss -> TrainLoss,
/// lr -> Lr, wall_s -> WallS). LearningRate and WallSeconds remain as aliases of Lr and WallS.
/// </summary>
internal static class PointView
{
    public const string CurveTypeName = "Sweep.CurvePoint";
    public const string LayerTypeName = "Sweep.LayerPoint";

    private static readonly IReadOnlyList<(string Name, RecordField<EvalPoint> Field)> Eval = Named(ResultFields.Eval);
    private static readonly IReadOnlyList<(string Name, RecordField<LayerPoint> Field)> Layer = Named(ResultFields.Layer);

    public static PSObject Curve(string path, string trialId, EvalPoint point)
    {
        var item = Create(path, trialId, Eval, point, CurveTypeName);
        item.Properties.Add(new PSAliasProperty("LearningRate", "Lr"));
        item.Properties.Add(new PSAliasProperty("WallSeconds", "WallS"));
        return item;
    }

    public static PSObject Layers(string path, string trialId, LayerPoint point) => Create(path, trialId, Layer, point, LayerTypeName);

    private static PSObject Create<T>(string path, string trialId, IReadOnlyList<(string Name, RecordField<T> Field)> fields, T point, string typeName)
    {
        var item = new PSObject();
        item.TypeNames.Insert(0, typeName);
        item.Properties.Add(new PSNoteProperty("Path", path));
        item.Properties.Add(new PSNoteProperty("TrialId", trialId));
        foreach (var (name, field) in fields)
        {
            item.Properties.Add(new PSNoteProperty(name, field.Get(point)));
        }

        return item;
    }

    private static List<(string, RecordField<T>)> Named<T>(IReadOnlyList<RecordField<T>> fields) =>
        [.. fields.Select(f => (string.Concat(f.Name.Split('_', StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpperInvariant(p[0]) + p[1..])), f))];
}
