using Parquet;
using Parquet.Schema;
using Sweep.Engine.Config;
using Sweep.Engine.Training;

namespace Sweep.Results.Storage;

/// <summary>
/// <c>layers</c>: one row per trial x evaluation point x layer. Columns: sweep_id, trial_id, step, layer
/// (0 = stem .. depth = head), kind ("stem", "hidden", "head"), grad_norm, weight_norm, act_mean,
/// act_std, saturated_fraction, dead_fraction.
/// </summary>
internal static class LayersTable
{
    public const string Name = "layers";

    private static readonly DataField SweepId = ColumnWriting.Text("sweep_id");
    private static readonly DataField TrialId = ColumnWriting.Text("trial_id");
    private static readonly DataField Step = ColumnWriting.Field("step", FieldKind.Long, false);
    private static readonly DataField Layer = ColumnWriting.Field("layer", FieldKind.Int, false);
    private static readonly DataField Kind = ColumnWriting.Text("kind");
    private static readonly DataField GradNorm = ColumnWriting.Field("grad_norm", FieldKind.Double, false);
    private static readonly DataField WeightNorm = ColumnWriting.Field("weight_norm", FieldKind.Double, false);
    private static readonly DataField ActMean = ColumnWriting.Field("act_mean", FieldKind.Double, false);
    private static readonly DataField ActStd = ColumnWriting.Field("act_std", FieldKind.Double, false);
    private static readonly DataField SaturatedFraction = ColumnWriting.Field("saturated_fraction", FieldKind.Double, false);
    private static readonly DataField DeadFraction = ColumnWriting.Field("dead_fraction", FieldKind.Double, false);

    public static readonly ParquetSchema Schema = new(
        SweepId, TrialId, Step, Layer, Kind, GradNorm, WeightNorm, ActMean, ActStd, SaturatedFraction, DeadFraction);

    public static readonly ParquetOptions Options = ParquetFormat.Options(SweepId.Name, TrialId.Name, Kind.Name);

    public static int RowCount(IReadOnlyList<TrialRecord> records) => records.Sum(r => r.Layers.Count);

    public static async Task WriteAsync(Stream stream, IReadOnlyList<TrialRecord> records, string sweepId, CancellationToken cancellationToken)
    {
        int count = RowCount(records);
        var sweepIds = new string[count];
        var trialIds = new string[count];
        var step = new long[count];
        var layer = new int[count];
        var kind = new string[count];
        var gradNorm = new double[count];
        var weightNorm = new double[count];
        var actMean = new double[count];
        var actStd = new double[count];
        var saturated = new double[count];
        var dead = new double[count];
        int row = 0;
        foreach (var record in records)
        {
            foreach (var point in record.Layers)
            {
                sweepIds[row] = record.SweepId;
                trialIds[row] = record.TrialId;
                step[row] = point.Step;
                layer[row] = point.Layer;
                kind[row] = point.Kind;
                gradNorm[row] = point.GradNorm;
                weightNorm[row] = point.WeightNorm;
                actMean[row] = point.ActMean;
                actStd[row] = point.ActStd;
                saturated[row] = point.SaturatedFraction;
                dead[row] = point.DeadFraction;
                row++;
            }
        }

        await using var writer = await ParquetWriter.CreateAsync(Schema, stream, Options, false, cancellationToken).ConfigureAwait(false);
        writer.CustomMetadata = ParquetFormat.Metadata(Name, sweepId);
        using var group = writer.CreateRowGroup();
        await ColumnWriting.WriteAsync(group, SweepId, sweepIds).ConfigureAwait(false);
        await ColumnWriting.WriteAsync(group, TrialId, trialIds).ConfigureAwait(false);
        await ColumnWriting.WriteAsync(group, Step, step, cancellationToken).ConfigureAwait(false);
        await ColumnWriting.WriteAsync(group, Layer, layer, cancellationToken).ConfigureAwait(false);
        await ColumnWriting.WriteAsync(group, Kind, kind).ConfigureAwait(false);
        await ColumnWriting.WriteAsync(group, GradNorm, gradNorm, cancellationToken).ConfigureAwait(false);
        await ColumnWriting.WriteAsync(group, WeightNorm, weightNorm, cancellationToken).ConfigureAwait(false);
        await ColumnWriting.WriteAsync(group, ActMean, actMean, cancellationToken).ConfigureAwait(false);
        await ColumnWriting.WriteAsync(group, ActStd, actStd, cancellationToken).ConfigureAwait(false);
        await ColumnWriting.WriteAsync(group, SaturatedFraction, saturated, cancellationToken).ConfigureAwait(false);
        await ColumnWriting.WriteAsync(group, DeadFraction, dead, cancellationToken).ConfigureAwait(false);
        group.CompleteValidate();
    }

    /// <summary>The rows of one row group whose trial is in <paramref name="trialIds"/> (all when null).</summary>
    public static async Task<List<LayerRow>> ReadAsync(PartReader part, int rowGroup, IReadOnlySet<string>? trialIds, CancellationToken cancellationToken)
    {
        var ids = await part.ReadStringsAsync(rowGroup, TrialId.Name, cancellationToken).ConfigureAwait(false);
        var selected = RowSelection.Of(part, ids, trialIds);
        var rows = new List<LayerRow>(selected.Count);
        if (selected.Count == 0)
        {
            return rows;
        }

        var step = await part.ReadAsync<long>(rowGroup, Step.Name, cancellationToken).ConfigureAwait(false);
        var layer = await part.ReadAsync<int>(rowGroup, Layer.Name, cancellationToken).ConfigureAwait(false);
        var kind = await part.ReadStringsAsync(rowGroup, Kind.Name, cancellationToken).ConfigureAwait(false);
        var gradNorm = await part.ReadAsync<double>(rowGroup, GradNorm.Name, cancellationToken).ConfigureAwait(false);
        var weightNorm = await part.ReadAsync<double>(rowGroup, WeightNorm.Name, cancellationToken).ConfigureAwait(false);
        var actMean = await part.ReadAsync<double>(rowGroup, ActMean.Name, cancellationToken).ConfigureAwait(false);
        var actStd = await part.ReadAsync<double>(rowGroup, ActStd.Name, cancellationToken).ConfigureAwait(false);
        var saturated = await part.ReadAsync<double>(rowGroup, SaturatedFraction.Name, cancellationToken).ConfigureAwait(false);
        var dead = await part.ReadAsync<double>(rowGroup, DeadFraction.Name, cancellationToken).ConfigureAwait(false);
        foreach (int i in selected)
        {
            rows.Add(new LayerRow(ids[i]!, new LayerPoint(
                step[i], layer[i], kind[i] ?? "", gradNorm[i], weightNorm[i], actMean[i], actStd[i], saturated[i], dead[i])));
        }

        return rows;
    }
}
