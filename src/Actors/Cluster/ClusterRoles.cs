namespace Sweep.Actors.Cluster;

/// <summary>Cluster roles, the actor system name and the coordinator's actor path: the names both ends agree on.</summary>
public static class ClusterRoles
{
    public const string Coordinator = "coordinator";
    public const string Worker = "worker";
    public const string SystemName = "sweep";
    public const string CoordinatorActorName = "coordinator";
    public const string WorkerActorName = "worker";
    public const int DefaultPort = 4053;
}
