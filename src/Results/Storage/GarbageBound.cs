namespace Sweep.Results.Storage;

/// <summary>
/// Keeps the garbage of a long copy bounded: once <paramref name="budgetBytes"/> more have been allocated
/// (by the whole process) since the last check that collected, a full blocking collection runs.
/// Why: compaction reads and writes every value once, and Parquet.Net's decoders and encoders allocate
/// about 45 bytes per value (1.7 GB to compact 50,000 trials). Left to the GC's own budgets, that
/// garbage, not live data, lifted the peak RSS of an end-of-sweep compaction to 250 MB at 50,000
/// trials and 385 MB at 200,000 (issue 15). A full collection of the small live heap costs
/// milliseconds, once per budget.
/// </summary>
internal sealed class GarbageBound(long budgetBytes)
{
    /// <summary>The budget compaction uses.</summary>
    public const long CompactionBudget = 24L << 20;

    private long _mark = GC.GetTotalAllocatedBytes();

    public void Check()
    {
        if (GC.GetTotalAllocatedBytes() - _mark < budgetBytes)
        {
            return;
        }

        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        _mark = GC.GetTotalAllocatedBytes();
    }
}
