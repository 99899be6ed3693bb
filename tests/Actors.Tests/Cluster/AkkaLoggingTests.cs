using Akka.Configuration;
using Sweep.Actors.Cluster;

namespace Sweep.Actors.Tests.Cluster;

public sealed class AkkaLoggingTests
{
    [Fact]
    public void By_default_only_errors_are_logged_to_standard_error_without_dropped_connections()
    {
        var config = ConfigurationFactory.ParseString(AkkaLogging.Hocon(null));

        Assert.Equal("ERROR", config.GetString("akka.loglevel"));
        Assert.Equal("OFF", config.GetString("akka.stdout-loglevel"));
        Assert.Contains(typeof(SweepAkkaLogger).FullName!, config.GetStringList("akka.loggers").Single(), StringComparison.Ordinal);
        Assert.False(config.GetBoolean("akka.cluster.log-info"));
        Assert.False(config.GetBoolean("sweep.logging.show-dropped-connections"));
    }

    [Theory]
    [InlineData("info", "INFO", true)]
    [InlineData(" Warning ", "WARNING", false)]
    [InlineData("DEBUG", "DEBUG", true)]
    public void A_chosen_level_shows_everything_at_that_level(string requested, string level, bool clusterInfo)
    {
        var config = ConfigurationFactory.ParseString(AkkaLogging.Hocon(requested));

        Assert.Equal(level, config.GetString("akka.loglevel"));
        Assert.Equal(clusterInfo, config.GetBoolean("akka.cluster.log-info"));
        Assert.True(config.GetBoolean("sweep.logging.show-dropped-connections"));
    }

    [Fact]
    public void An_unknown_level_is_refused_naming_the_variable()
    {
        var error = Assert.Throws<ArgumentException>(() => AkkaLogging.Hocon("loud"));

        Assert.Contains(AkkaLogging.LevelVariable, error.Message, StringComparison.Ordinal);
        Assert.Contains("'loud'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Node_configuration_uses_the_quiet_logger()
    {
        var config = ClusterConfig.Build(ClusterRoles.Coordinator, "127.0.0.1", 0, null);

        Assert.Contains(typeof(SweepAkkaLogger).FullName!, config.GetStringList("akka.loggers").Single(), StringComparison.Ordinal);
        Assert.Equal("off", config.GetString("akka.coordinated-shutdown.run-by-actor-system-terminate"));
    }
}
