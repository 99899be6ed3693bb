namespace Sweep.Results.Storage;

/// <summary>The steps of one compaction, in order (see <see cref="PartCompactor"/>); tests stop a compaction after each.</summary>
internal enum CompactionStep
{
    /// <summary>The compacted curves, layers and trials parts are written under hidden temp names.</summary>
    TempPartsWritten,
    CurvesPublished,
    LayersPublished,

    /// <summary>The compacted trials part is published: from here the replaced parts are superseded.</summary>
    TrialsPublished,
    /// <summary>The replaced trials parts are renamed to hidden temp names (out of every reader's sight).</summary>
    ReplacedTrialsHidden,
    ReplacedCurvesHidden,
    ReplacedLayersHidden,

    /// <summary>The hidden replaced parts are deleted.</summary>
    HiddenPartsDeleted,
}
