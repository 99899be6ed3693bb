using System.Globalization;
using Akka.Configuration;
using Sweep.Actors.Protocol;

namespace Sweep.Actors.Cluster;

/// <summary>
/// HOCON for a sweep node. Choices, and why:
/// - Split-brain resolver keep-majority counted over the coordinator role only: the side that holds the
///   coordinator always survives a partition (a plain majority could down the coordinator when workers
///   outnumber it); down-all-when-unstable is off because nothing restarts processes automatically.
/// - Strict serialization: every protocol message is bound to <see cref="SweepMessageSerializer"/> and
///   unregistered types are refused instead of falling back to JSON.
/// - maximum-frame-size stays at 128,000 bytes; results are chunked to fit (see ResultChunks).
/// - Leader actions start 100 ms after start-up and run every 100 ms (defaults 1 s and 1 s): a node that leaves
///   right after joining (a resumed sweep with nothing left) is removed in about 0.2 s instead of about 1 s.
///   The leader's actions are local bookkeeping, cheap at the size of a sweep cluster.
/// - ActorSystem.Terminate does not run coordinated shutdown: <see cref="NodeShutdown"/> decides when a
///   graceful leave can complete and runs it then.
/// - Akka's own logging: see <see cref="AkkaLogging"/>.
/// Seed nodes are not configured: the coordinator joins itself and workers call JoinSeedNodes, so port 0 works;
/// workers retry joining every 2 s, so one started before the coordinator joins soon after it comes up.
/// </summary>
public static class ClusterConfig
{
    /// <summary>Time the split-brain resolver waits for a stable membership before downing unreachable nodes.</summary>
    public static readonly TimeSpan DefaultStableAfter = TimeSpan.FromSeconds(10);

    public static Config Build(
        string role,
        string hostname,
        int port,
        TlsOptions? tls,
        bool strictSerialization = true,
        TimeSpan? stableAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        string stable = ((int)(stableAfter ?? DefaultStableAfter).TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
        string hocon = $$"""
            akka {
              actor {
                provider = cluster
                serializers { sweep = "{{typeof(SweepMessageSerializer).AssemblyQualifiedNameShort()}}" }
                serialization-bindings {
            {{Bindings()}}
                }
                serialization-identifiers { "{{typeof(SweepMessageSerializer).AssemblyQualifiedNameShort()}}" = {{SweepMessageSerializer.SerializerId}} }
                serialization-settings.allow-unregistered-types = {{(strictSerialization ? "false" : "true")}}
              }
              remote {
                dot-netty.tcp {
                  hostname = "{{hostname}}"
                  port = {{port}}
                  maximum-frame-size = 128000b
            {{Tls(tls)}}
                }
              }
              cluster {
                roles = ["{{role}}"]
                seed-node-timeout = 2s
                retry-unsuccessful-join-after = 2s
                downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
                split-brain-resolver {
                  active-strategy = keep-majority
                  stable-after = {{stable}}
                  down-all-when-unstable = off
                  keep-majority.role = "{{ClusterRoles.Coordinator}}"
                }
                run-coordinated-shutdown-when-down = on
                periodic-tasks-initial-delay = 100ms
                leader-actions-interval = 100ms
              }
              coordinated-shutdown {
                exit-clr = off
                run-by-clr-shutdown-hook = off
                run-by-actor-system-terminate = off
              }
            }
            """;
        return ConfigurationFactory.ParseString(hocon).WithFallback(ConfigurationFactory.ParseString(AkkaLogging.FromEnvironment()));
    }

    private static string Bindings() => string.Join(
        Environment.NewLine,
        typeof(SweepProtocol).GetNestedTypes().Select(t => $"      \"{t.AssemblyQualifiedNameShort()}\" = sweep"));

    /// <summary>Certificates and their validation come from a DotNettySslSetup (see NodeTls), not from HOCON.</summary>
    private static string Tls(TlsOptions? tls) => tls is null ? "      enable-ssl = false" : "      enable-ssl = true";

    /// <summary>"Namespace.Type+Nested, Assembly": the form HOCON bindings use.</summary>
    private static string AssemblyQualifiedNameShort(this Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";
}
