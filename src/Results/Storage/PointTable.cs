using Parquet;
using Parquet.Schema;
using Sweep.Engine.Training;
using Sweep.Specs;

namespace Sweep.Results.Storage;

/// <summary>
/// A long-format table of per-point records: one row per trial x point, columns sweep_id, trial_id, then the
/// point's field table (<see cref="ResultFields.Eval"/> for <c>curves</c>, <see cref="ResultFields.Layer"/> for
/// <c>layers</c>). NaN where a value was not measured.
/// </summary>
/// <typeparam name="TPoint">The point record.</typeparam>
internal sealed class PointTable<TPoint>
{
    private readonly DataField _sweepId = ColumnWriting.Text("sweep_id");
    private readonly DataField _trialId = ColumnWriting.Text("trial_id");
    private readonly DataField[] _columns;
    private readonly Func<TrialRecord, IReadOnlyList<TPoint>> _pointsOf;
    private readonly TPoint _empty;

    /// <param name="name">The table's folder and metadata name.</param>
    /// <param name="fields">The point's field table, in column order.</param>
    /// <param name="pointsOf">A record's points of this table.</param>
    /// <param name="empty">The point that fields missing from older files read as.</param>
    /// <param name="dictionaryColumns">Low-cardinality text columns besides the ids, stored dictionary-encoded.</param>
    public PointTable(
        string name, IReadOnlyList<RecordField<TPoint>> fields, Func<TrialRecord, IReadOnlyList<TPoint>> pointsOf, TPoint empty, params string[] dictionaryColumns)
    {
        Name = name;
        Fields = fields;
        _pointsOf = pointsOf;
        _empty = empty;
        _columns = RecordColumns.Fields(fields);
        Schema = new ParquetSchema([_sweepId, _trialId, .. _columns]);
        Options = ParquetFormat.Options([_sweepId.Name, _trialId.Name, .. dictionaryColumns]);
    }

    public string Name { get; }

    public IReadOnlyList<RecordField<TPoint>> Fields { get; }

    public ParquetSchema Schema { get; }

    public ParquetOptions Options { get; }

    public int RowCount(IReadOnlyList<TrialRecord> records) => records.Sum(r => _pointsOf(r).Count);

    public async Task WriteAsync(Stream stream, IReadOnlyList<TrialRecord> records, string sweepId, CancellationToken cancellationToken)
    {
        var rows = new List<(TrialRecord Record, string TrialId, TPoint Point)>(RowCount(records));
        foreach (var record in records)
        {
            string trialId = record.TrialId.ToString();
            rows.AddRange(_pointsOf(record).Select(point => (record, trialId, point)));
        }

        await using var writer = await ParquetWriter.CreateAsync(Schema, stream, Options, false, cancellationToken).ConfigureAwait(false);
        writer.CustomMetadata = ParquetFormat.Metadata(Name, sweepId);
        using var group = writer.CreateRowGroup();
        await ColumnWriting.WriteAsync(group, _sweepId, ColumnWriting.Fill(rows.Count, i => rows[i].Record.SweepId)).ConfigureAwait(false);
        await ColumnWriting.WriteAsync(group, _trialId, ColumnWriting.Fill(rows.Count, i => rows[i].TrialId)).ConfigureAwait(false);
        await RecordColumns.WriteAsync(group, _columns, Fields, rows.Count, i => rows[i].Point, cancellationToken).ConfigureAwait(false);
        group.CompleteValidate();
    }

    /// <summary>The rows of one row group whose trial is in <paramref name="trialIds"/> (all when null), as (trial id, point).</summary>
    public async Task<List<(TrialId TrialId, TPoint Point)>> ReadAsync(
        PartReader part, int rowGroup, IReadOnlySet<TrialId>? trialIds, CancellationToken cancellationToken)
    {
        var ids = await part.ReadTrialIdsAsync(rowGroup, _trialId.Name, cancellationToken).ConfigureAwait(false);
        var selected = RowSelection.Of(ids, trialIds);
        var rows = new List<(TrialId, TPoint)>(selected.Count);
        if (selected.Count == 0)
        {
            return rows;
        }

        var values = await RecordColumns.ReadAsync(part, rowGroup, Fields, ids.Length, _empty, cancellationToken).ConfigureAwait(false);
        foreach (int i in selected)
        {
            rows.Add((ids[i], RecordColumns.Build(part, Fields, values, i, _empty)));
        }

        return rows;
    }
}

/// <summary>The two point tables of a run folder.</summary>
internal static class PointTables
{
    /// <summary><c>curves</c>: one row per trial x evaluation point.</summary>
    public static readonly PointTable<EvalPoint> Curves = new("curves", ResultFields.Eval, r => r.Curve, default);

    /// <summary><c>layers</c>: one row per trial x evaluation point x layer (0 = stem .. depth = head).</summary>
    public static readonly PointTable<LayerPoint> Layers = new("layers", ResultFields.Layer, r => r.Layers, new LayerPoint { Kind = "" }, "kind");
}
