namespace Sweep.Specs.Parsing;

/// <summary>
/// The problems found in one spec, held in bounded memory: every error is counted, but only the
/// <see cref="SpecException.MaxReported"/> first by position (line, then column; errors without a
/// position after those with one, in the order found) are kept. A spec listing a million bad values
/// therefore costs a counter, not a million messages.
/// </summary>
internal sealed class SpecErrorList
{
    private readonly PriorityQueue<SpecError, (int Line, int Column, long Order)> _kept =
        new(Comparer<(int Line, int Column, long Order)>.Create((a, b) => b.CompareTo(a)));

    /// <summary>Every error added, kept or not.</summary>
    public int Count { get; private set; }

    public void Add(SpecError error)
    {
        var key = (error.Line ?? int.MaxValue, error.Column ?? int.MaxValue, (long)Count);
        Count++;
        if (_kept.Count < SpecException.MaxReported)
        {
            _kept.Enqueue(error, key);
        }
        else if (_kept.TryPeek(out _, out var worst) && key.CompareTo(worst) < 0)
        {
            _kept.DequeueEnqueue(error, key);
        }
    }

    /// <summary>True when an error at this position would be kept; when false, <see cref="CountUnkept"/> stands in for building it.</summary>
    public bool WouldKeep(int? line, int? column) =>
        _kept.Count < SpecException.MaxReported
        || (_kept.TryPeek(out _, out var worst) && (line ?? int.MaxValue, column ?? int.MaxValue, (long)Count).CompareTo(worst) < 0);

    /// <summary>Counts an error that <see cref="WouldKeep"/> said would not be kept.</summary>
    public void CountUnkept() => Count++;

    /// <summary>The kept errors in position order.</summary>
    public IReadOnlyList<SpecError> Sorted()
    {
        var sorted = new SpecError[_kept.Count];
        var copy = new PriorityQueue<SpecError, (int Line, int Column, long Order)>(_kept.UnorderedItems, _kept.Comparer);
        for (int i = sorted.Length - 1; i >= 0; i--)
        {
            sorted[i] = copy.Dequeue();
        }

        return sorted;
    }

    /// <summary>The exception reporting these errors for <paramref name="sourceName"/>.</summary>
    public SpecException ToException(string sourceName, bool invalidText = false) =>
        new(sourceName, Sorted(), Count, invalidText);
}
