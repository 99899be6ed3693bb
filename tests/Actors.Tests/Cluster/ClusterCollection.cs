namespace Sweep.Actors.Tests;

/// <summary>Tests that start actor systems or processes: run one at a time (2 cores, fixed timeouts of failure detection).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection
{
    public const string Name = "cluster";
}
