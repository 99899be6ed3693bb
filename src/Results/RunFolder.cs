using System.Text.Json.Nodes;
using Sweep.Engine;
using Sweep.Engine.Training;
using Sweep.Results.Storage;
using Sweep.Specs;

namespace Sweep.Results;

/// <summary>
/// A run folder: <c>sweep.json</c> (canonical spec, sweep_id, created_at, engine version, schema
/// version) and the tables <c>trials/</c>, <c>curves/</c>, <c>layers/</c> of
/// <c>part-NNNNN.parquet</c> files that pandas, Spark and DuckDB read as they are.
/// Open one with <see cref="Open"/> to run a sweep into it, or <see cref="OpenExisting"/> to read it.
/// Nothing already in a folder is damaged by a refused open, a failed write or a crash.
/// </summary>
public sealed class RunFolder
{
    private readonly RunFolderLayout _layout;
    private readonly Lazy<SweepSpec> _spec;

    private RunFolder(RunFolderLayout layout, SweepManifest manifest, Lazy<SweepSpec> spec)
    {
        _layout = layout;
        _spec = spec;
        SweepId = manifest.SweepId;
        Name = manifest.Name;
        CreatedAt = manifest.CreatedAt;
        EngineVersion = manifest.EngineVersion;
    }

    /// <summary>Full path of the folder.</summary>
    public string Path => _layout.Root;

    /// <summary>The sweep the folder holds now (after an extend, the latest spec's id).</summary>
    public string SweepId { get; }

    public string Name { get; }

    /// <summary>When the folder was started (UTC); an extend keeps it.</summary>
    public DateTime CreatedAt { get; }

    /// <summary>The engine version recorded when the folder's current spec was written.</summary>
    public string EngineVersion { get; }

    /// <summary>The spec of <see cref="SweepId"/>. For <see cref="OpenExisting"/>, parsed from sweep.json on first use (Corrupt if it no longer parses).</summary>
    public SweepSpec Spec => _spec.Value;

    /// <summary>
    /// Opens <paramref name="path"/> to run <paramref name="spec"/> into it, creating it when absent.
    /// New: a folder of the same sweep is resumed; one of another sweep is refused (SpecMismatch).
    /// Resume: the folder must hold this sweep (NotFound, SpecMismatch). Extend: another spec is
    /// accepted; sweep.json records it and keeps the old one in its history; finished trials stay.
    /// Fresh: the folder's results are deleted first. Every mode but Fresh removes the leftovers of
    /// interrupted commits, so the folder holds committed batches only. Continuing the same sweep under another
    /// stopping rule than the folder's is refused (SpecMismatch) unless <paramref name="allowStoppingChange"/>: its
    /// pruned trials were decided under the old rule; when allowed, sweep.json records the new rule.
    /// </summary>
    /// <exception cref="RunFolderException">Why the folder cannot be used; the message names it.</exception>
    public static RunFolder Open(string path, SweepSpec spec, RunFolderMode mode, bool allowStoppingChange = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(spec);
        var layout = new RunFolderLayout(System.IO.Path.GetFullPath(path));
        var known = new Lazy<SweepSpec>(spec);
        try
        {
            var manifest = mode == RunFolderMode.Fresh ? StartFresh(layout, spec) : Continue(layout, spec, mode, allowStoppingChange);
            return new RunFolder(layout, manifest, known);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RunFolderException(RunFolderFailure.NotWritable, $"{layout.Root}: cannot use as a run folder: {ex.Message}", ex);
        }
    }

    /// <summary>Opens a run folder for reading (NotFound when it has no sweep.json; NewerSchema, Corrupt).</summary>
    /// <exception cref="RunFolderException">Why the folder cannot be read; the message names the file.</exception>
    public static RunFolder OpenExisting(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var layout = new RunFolderLayout(System.IO.Path.GetFullPath(path));
        if (!Directory.Exists(layout.Root))
        {
            throw new RunFolderException(RunFolderFailure.NotFound, $"{layout.Root}: no such run folder");
        }

        var manifest = SweepManifest.Read(layout.ManifestPath);
        var spec = new Lazy<SweepSpec>(() => ParseSpec(layout.ManifestPath, manifest));
        return new RunFolder(layout, manifest, spec);
    }

    /// <summary>Ids of every committed trial (reads only the trial_id column of <c>trials</c>).</summary>
    public IReadOnlySet<TrialId> CommittedTrialIds() => new ResultsReader(_layout).ReadCommittedTrialIds();

    /// <summary>
    /// The status of every committed trial (of its current row, when a retry superseded a failed one); reads the
    /// trial_id, status and finished_at columns of <c>trials</c>. A resume reruns the failed ones.
    /// </summary>
    public IReadOnlyDictionary<TrialId, TrialStatus> CommittedTrialStatuses() => new ResultsReader(_layout).ReadCommittedStatuses();

    /// <summary>A writer holding the folder's writer lock until disposed (InUse when another process writes here).</summary>
    /// <exception cref="RunFolderException">InUse, NotWritable or Corrupt.</exception>
    public ResultsWriter CreateWriter()
    {
        var writerLock = WriterLock.Acquire(_layout);
        try
        {
            _layout.CreateTableFolders();
            return new ResultsWriter(_layout, SweepId, new ResultsReader(_layout).ReadCommittedStatuses(), writerLock);
        }
        catch (Exception ex)
        {
            writerLock.Dispose();
            if (ex is IOException or UnauthorizedAccessException)
            {
                throw new RunFolderException(RunFolderFailure.NotWritable, $"{_layout.Root}: cannot write results: {ex.Message}", ex);
            }

            throw;
        }
    }

    public ResultsReader CreateReader() => new(_layout);

    /// <summary>
    /// Merges the committed small parts of every table into parts whose row groups hold at least
    /// 100,000 rows (all rows when fewer), after repairing any interrupted commit or compaction. Crash
    /// safe: at every instant <see cref="ResultsReader"/> sees each committed row once, and a folder
    /// left by a process killed mid-way is repaired by the next <see cref="Open"/> with nothing lost or
    /// doubled. Raw globs over the part files may see merged rows twice while the replaced parts are
    /// renamed out of sight (about 0.05 ms per replaced part on ext4: <see cref="CompactionResult.OverlapWindow"/>). Takes the writer lock (InUse while a writer is open: use
    /// <see cref="ResultsWriter.CompactAsync"/> then).
    /// </summary>
    /// <exception cref="RunFolderException">InUse, NotWritable, Corrupt or NewerSchema; the message names the folder or file.</exception>
    public CompactionResult Compact(CancellationToken cancellationToken = default)
    {
        using var writerLock = WriterLock.Acquire(_layout);
        try
        {
            return Blocking.Wait(() => new PartCompactor(_layout).CompactAsync(2, cancellationToken));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RunFolderException(RunFolderFailure.NotWritable, $"{_layout.Root}: cannot compact results: {ex.Message}", ex);
        }
    }

    public override string ToString() => $"{Path} ({Name}, {SweepId})";

    private static SweepManifest StartFresh(RunFolderLayout layout, SweepSpec spec)
    {
        if (File.Exists(layout.ManifestPath))
        {
            try
            {
                SweepManifest.Read(layout.ManifestPath);
            }
            catch (RunFolderException ex) when (ex.Reason == RunFolderFailure.Corrupt)
            {
                // A corrupt folder is what starting afresh is for; only a newer schema is refused.
            }
        }

        Directory.CreateDirectory(layout.Root);
        using var writerLock = WriterLock.Acquire(layout);
        layout.DeleteResults();
        return Create(layout, spec);
    }

    private static SweepManifest Continue(RunFolderLayout layout, SweepSpec spec, RunFolderMode mode, bool allowStoppingChange)
    {
        if (!File.Exists(layout.ManifestPath))
        {
            if (mode == RunFolderMode.Resume)
            {
                throw new RunFolderException(RunFolderFailure.NotFound, Directory.Exists(layout.Root)
                    ? $"{layout.Root}: nothing to resume, the folder has no {RunFolderLayout.ManifestFileName}"
                    : $"{layout.Root}: nothing to resume, no such folder");
            }

            if (layout.HasParts())
            {
                throw new RunFolderException(RunFolderFailure.Corrupt,
                    $"{layout.Root}: holds result parts but no {RunFolderLayout.ManifestFileName}; start afresh (mode Fresh) or use another folder");
            }

            Directory.CreateDirectory(layout.Root);
            using var createLock = WriterLock.Acquire(layout);
            return Create(layout, spec);
        }

        var existing = SweepManifest.Read(layout.ManifestPath);
        if (existing.SweepId != spec.SweepId && mode != RunFolderMode.Extend)
        {
            throw new RunFolderException(RunFolderFailure.SpecMismatch,
                $"{layout.Root}: holds sweep '{existing.Name}' ({existing.SweepId}), not '{spec.Name}' ({spec.SweepId}). " +
                "Resume it with its own spec, extend it with this spec (mode Extend: finished trials are kept), start afresh (mode Fresh), or use another folder.");
        }

        var storedStopping = existing.SweepId == spec.SweepId ? ParseSpec(layout.ManifestPath, existing).Stopping : spec.Stopping;
        if (storedStopping != spec.Stopping && !allowStoppingChange)
        {
            throw new RunFolderException(RunFolderFailure.SpecMismatch,
                $"{layout.Root}: sweep '{existing.Name}' ran with stopping {storedStopping}, not {spec.Stopping}; the trials it pruned were decided " +
                $"under that rule. Resume with the same stopping section (or -Stopping {storedStopping.RuleName}), or allow the change " +
                "(Start-Sweep -AllowStoppingChange, sweep-worker coordinate --allow-stopping-change).");
        }

        using var writerLock = WriterLock.Acquire(layout);
        layout.CreateTableFolders();
        layout.RemoveUncommitted();
        // A long interrupted run leaves many small parts; merging them now keeps reads fast if the resumed run is interrupted too.
        Blocking.Wait(() => new PartCompactor(layout).CompactAsync(PartCompactor.AutomaticThreshold, CancellationToken.None));
        if (existing.SweepId == spec.SweepId)
        {
            if (storedStopping == spec.Stopping)
            {
                return existing;
            }

            var restopped = existing with { UpdatedAt = Microseconds(DateTime.UtcNow), SpecJson = spec.ToStoredJson() };
            restopped.Write(layout);
            return restopped;
        }

        DateTime now = Microseconds(DateTime.UtcNow);
        var history = (JsonArray)existing.History.DeepClone();
        history.Add(existing.ToHistoryEntry(now));
        var extended = existing with
        {
            SchemaVersion = ParquetFormat.SchemaVersion,
            SweepId = spec.SweepId,
            Name = spec.Name,
            UpdatedAt = now,
            EngineVersion = EngineInfo.Version,
            SpecJson = spec.ToStoredJson(),
            History = history,
        };
        extended.Write(layout);
        return extended;
    }

    private static SweepManifest Create(RunFolderLayout layout, SweepSpec spec)
    {
        layout.CreateTableFolders();
        DateTime now = Microseconds(DateTime.UtcNow);
        var manifest = new SweepManifest(
            ParquetFormat.SchemaVersion, spec.SweepId, spec.Name, now, now, EngineInfo.Version, spec.ToStoredJson(), []);
        manifest.Write(layout);
        return manifest;
    }

    /// <summary>Times as sweep.json keeps them, so a folder reports the same time before and after reopening.</summary>
    private static DateTime Microseconds(DateTime time) => new(time.Ticks - (time.Ticks % 10), DateTimeKind.Utc);

    private static SweepSpec ParseSpec(string manifestPath, SweepManifest manifest)
    {
        try
        {
            return SpecParser.Parse(manifest.SpecJson, manifestPath);
        }
        catch (SpecException ex)
        {
            throw new RunFolderException(RunFolderFailure.Corrupt, $"{manifestPath}: its spec no longer parses: {ex.Message}", ex);
        }
    }
}
