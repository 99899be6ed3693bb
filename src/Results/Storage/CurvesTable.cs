using Parquet;
using Parquet.Schema;
using Sweep.Engine.Config;
using Sweep.Engine.Training;

namespace Sweep.Results.Storage;

/// <summary>
/// <c>curves</c>, long format: one row per trial x evaluation point. Columns: sweep_id, trial_id, step,
/// epoch, examples, wall_s, lr, train_loss, val_loss, val_accuracy, grad_norm, clipped, weight_norm,
/// update_ratio. NaN where a value was not measured (no validation split, accuracy of a regression).
/// </summary>
internal static class CurvesTable
{
    public const string Name = "curves";

    private static readonly DataField SweepId = ColumnWriting.Text("sweep_id");
    private static readonly DataField TrialId = ColumnWriting.Text("trial_id");
    private static readonly DataField Step = ColumnWriting.Field("step", FieldKind.Long, false);
    private static readonly DataField Epoch = ColumnWriting.Field("epoch", FieldKind.Int, false);
    private static readonly DataField Examples = ColumnWriting.Field("examples", FieldKind.Long, false);
    private static readonly DataField WallSeconds = ColumnWriting.Field("wall_s", FieldKind.Double, false);
    private static readonly DataField LearningRate = ColumnWriting.Field("lr", FieldKind.Double, false);
    private static readonly DataField TrainLoss = ColumnWriting.Field("train_loss", FieldKind.Double, false);
    private static readonly DataField ValLoss = ColumnWriting.Field("val_loss", FieldKind.Double, false);
    private static readonly DataField ValAccuracy = ColumnWriting.Field("val_accuracy", FieldKind.Double, false);
    private static readonly DataField GradNorm = ColumnWriting.Field("grad_norm", FieldKind.Double, false);
    private static readonly DataField Clipped = ColumnWriting.Field("clipped", FieldKind.Bool, false);
    private static readonly DataField WeightNorm = ColumnWriting.Field("weight_norm", FieldKind.Double, false);
    private static readonly DataField UpdateRatio = ColumnWriting.Field("update_ratio", FieldKind.Double, false);

    public static readonly ParquetSchema Schema = new(
        SweepId, TrialId, Step, Epoch, Examples, WallSeconds, LearningRate, TrainLoss, ValLoss, ValAccuracy,
        GradNorm, Clipped, WeightNorm, UpdateRatio);

    public static readonly ParquetOptions Options = ParquetFormat.Options(SweepId.Name, TrialId.Name);

    public static int RowCount(IReadOnlyList<TrialRecord> records) => records.Sum(r => r.Curve.Count);

    public static async Task WriteAsync(Stream stream, IReadOnlyList<TrialRecord> records, string sweepId, CancellationToken cancellationToken)
    {
        int count = RowCount(records);
        var sweepIds = new string[count];
        var trialIds = new string[count];
        var step = new long[count];
        var epoch = new int[count];
        var examples = new long[count];
        var wall = new double[count];
        var lr = new double[count];
        var trainLoss = new double[count];
        var valLoss = new double[count];
        var valAccuracy = new double[count];
        var gradNorm = new double[count];
        var clipped = new bool[count];
        var weightNorm = new double[count];
        var updateRatio = new double[count];
        int row = 0;
        foreach (var record in records)
        {
            foreach (var point in record.Curve)
            {
                sweepIds[row] = record.SweepId;
                trialIds[row] = record.TrialId;
                step[row] = point.Step;
                epoch[row] = point.Epoch;
                examples[row] = point.Examples;
                wall[row] = point.WallSeconds;
                lr[row] = point.LearningRate;
                trainLoss[row] = point.TrainLoss;
                valLoss[row] = point.ValLoss;
                valAccuracy[row] = point.ValAccuracy;
                gradNorm[row] = point.GradNorm;
                clipped[row] = point.Clipped;
                weightNorm[row] = point.WeightNorm;
                updateRatio[row] = point.UpdateRatio;
                row++;
            }
        }

        await using var writer = await ParquetWriter.CreateAsync(Schema, stream, Options, false, cancellationToken).ConfigureAwait(false);
        writer.CustomMetadata = ParquetFormat.Metadata(Name, sweepId);
        using var group = writer.CreateRowGroup();
        await ColumnWriting.WriteAsync(group, SweepId, sweepIds).ConfigureAwait(false);
        await ColumnWriting.WriteAsync(group, TrialId, trialIds).ConfigureAwait(false);
        await ColumnWriting.WriteAsync(group, Step, step, cancellationToken).ConfigureAwait(false);
        await ColumnWriting.WriteAsync(group, Epoch, epoch, cancellationToken).ConfigureAwait(false);
        await ColumnWriting.WriteAsync(group, Examples, examples, cancellationToken).ConfigureAwait(false);
        await ColumnWriting.WriteAsync(group, WallSeconds, wall, cancellationToken).ConfigureAwait(false);
        await ColumnWriting.WriteAsync(group, LearningRate, lr, cancellationToken).ConfigureAwait(false);
        await ColumnWriting.WriteAsync(group, TrainLoss, trainLoss, cancellationToken).ConfigureAwait(false);
        await ColumnWriting.WriteAsync(group, ValLoss, valLoss, cancellationToken).ConfigureAwait(false);
        await ColumnWriting.WriteAsync(group, ValAccuracy, valAccuracy, cancellationToken).ConfigureAwait(false);
        await ColumnWriting.WriteAsync(group, GradNorm, gradNorm, cancellationToken).ConfigureAwait(false);
        await ColumnWriting.WriteAsync(group, Clipped, clipped, cancellationToken).ConfigureAwait(false);
        await ColumnWriting.WriteAsync(group, WeightNorm, weightNorm, cancellationToken).ConfigureAwait(false);
        await ColumnWriting.WriteAsync(group, UpdateRatio, updateRatio, cancellationToken).ConfigureAwait(false);
        group.CompleteValidate();
    }

    /// <summary>The rows of one row group whose trial is in <paramref name="trialIds"/> (all when null).</summary>
    public static async Task<List<CurveRow>> ReadAsync(PartReader part, int rowGroup, IReadOnlySet<string>? trialIds, CancellationToken cancellationToken)
    {
        var ids = await part.ReadStringsAsync(rowGroup, TrialId.Name, cancellationToken).ConfigureAwait(false);
        var selected = RowSelection.Of(part, ids, trialIds);
        var rows = new List<CurveRow>(selected.Count);
        if (selected.Count == 0)
        {
            return rows;
        }

        var step = await part.ReadAsync<long>(rowGroup, Step.Name, cancellationToken).ConfigureAwait(false);
        var epoch = await part.ReadAsync<int>(rowGroup, Epoch.Name, cancellationToken).ConfigureAwait(false);
        var examples = await part.ReadAsync<long>(rowGroup, Examples.Name, cancellationToken).ConfigureAwait(false);
        var wall = await part.ReadAsync<double>(rowGroup, WallSeconds.Name, cancellationToken).ConfigureAwait(false);
        var lr = await part.ReadAsync<double>(rowGroup, LearningRate.Name, cancellationToken).ConfigureAwait(false);
        var trainLoss = await part.ReadAsync<double>(rowGroup, TrainLoss.Name, cancellationToken).ConfigureAwait(false);
        var valLoss = await part.ReadAsync<double>(rowGroup, ValLoss.Name, cancellationToken).ConfigureAwait(false);
        var valAccuracy = await part.ReadAsync<double>(rowGroup, ValAccuracy.Name, cancellationToken).ConfigureAwait(false);
        var gradNorm = await part.ReadAsync<double>(rowGroup, GradNorm.Name, cancellationToken).ConfigureAwait(false);
        var clipped = await part.ReadAsync<bool>(rowGroup, Clipped.Name, cancellationToken).ConfigureAwait(false);
        var weightNorm = await part.ReadAsync<double>(rowGroup, WeightNorm.Name, cancellationToken).ConfigureAwait(false);
        var updateRatio = await part.ReadAsync<double>(rowGroup, UpdateRatio.Name, cancellationToken).ConfigureAwait(false);
        foreach (int i in selected)
        {
            rows.Add(new CurveRow(ids[i]!, new EvalPoint(
                step[i], epoch[i], examples[i], wall[i], lr[i], trainLoss[i], valLoss[i], valAccuracy[i],
                gradNorm[i], clipped[i], weightNorm[i], updateRatio[i])));
        }

        return rows;
    }
}
