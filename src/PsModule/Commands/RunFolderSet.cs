namespace Sweep.PsModule.Commands;

/// <summary>Run folders in the order first named, each once: what an aggregating cmdlet collects from its pipeline input.</summary>
internal sealed class RunFolderSet : IEnumerable<string>
{
    private readonly List<string> _ordered = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    public void AddRange(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            if (_seen.Add(path))
            {
                _ordered.Add(path);
            }
        }
    }

    public IEnumerator<string> GetEnumerator() => _ordered.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
