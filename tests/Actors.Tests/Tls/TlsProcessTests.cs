using Sweep.Actors.Tests.Cluster;

namespace Sweep.Actors.Tests.Tls;

/// <summary>
/// sweep-worker processes with TLS, the password in the environment as the README shows: a worker holding a
/// stranger's certificate is refused, says why on its own standard error and exits 1; a worker whose certificate
/// the coordinator's CA issued then runs every trial.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class TlsProcessTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private readonly string _folder = TestSweeps.TempFolder();
    private readonly string _specPath;
    private readonly TestCertificates _certificates = new();
    private readonly List<SweepProcess> _processes = [];
    private readonly Dictionary<string, string> _password = new() { [TlsOptions.PasswordVariable] = TestCertificates.Password };

    public TlsProcessTests()
    {
        _specPath = _folder + ".json";
        File.WriteAllText(_specPath, TestSweeps.SpecJson(lrs: 2, seeds: 2, name: "tls"));
    }

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }

        TestSweeps.DeleteFolder(_folder);
        File.Delete(_specPath);
        _certificates.Dispose();
    }

    [Fact]
    public async Task A_stranger_worker_exits_1_with_its_reason_and_a_trusted_worker_runs_every_trial()
    {
        int port = Ports.Free();
        var coordinator = Start(
            "coordinate", "--spec", _specPath, "--output", _folder, "--slots", "0", "--port", port.ToString(),
            "--tls-cert", _certificates.CoordinatorA, "--tls-trust", _certificates.CaA);
        var stranger = Start("--join", $"127.0.0.1:{port}", "--slots", "1", "--tls-cert", _certificates.Stranger, "--tls-trust", _certificates.CaA);

        int strangerExit = await stranger.WaitForExitAsync(Patience);

        Assert.Equal(1, strangerExit);
        Assert.Contains(stranger.Lines, l => l.StartsWith("stderr: sweep-worker: cannot work for the coordinator", StringComparison.Ordinal)
                                             && l.Contains("does not trust this node's certificate", StringComparison.Ordinal));
        Assert.Contains(coordinator.Lines, l => l.Contains("TLS: refused the peer", StringComparison.Ordinal) && l.Contains("CN=stranger", StringComparison.Ordinal));
        Assert.Empty(coordinator.FinishedTrialIds());

        var trusted = Start("--join", $"127.0.0.1:{port}", "--slots", "1", "--tls-cert", _certificates.WorkerA, "--tls-trust", _certificates.CaA);
        int exit = await coordinator.WaitForExitAsync(Patience);

        Assert.True(exit == 0, string.Join("\n", coordinator.Lines));
        Assert.Equal(4, coordinator.FinishedTrialIds().Distinct().Count());
        string trustedName = trusted.WorkerName()!;
        Assert.All(coordinator.FinishedWorkers(), w => Assert.Equal((trustedName, Environment.MachineName + "@127.0.0.1"), w));
    }

    [Theory]
    [InlineData("wrong-password", 1, "wrong password")]
    [InlineData("no-key", 1, "without its private key")]
    [InlineData("missing", 1, "does not exist")]
    [InlineData("password-argument", 2, "--tls-password is not accepted")]
    public async Task Unusable_tls_settings_exit_with_a_message_naming_the_problem(string problem, int code, string expected)
    {
        var environment = problem == "wrong-password" ? new Dictionary<string, string> { [TlsOptions.PasswordVariable] = "wrong" } : _password;
        string certificate = problem switch
        {
            "no-key" => _certificates.WithoutKey,
            "missing" => Path.Combine(_certificates.Folder, "missing.pfx"),
            _ => _certificates.WorkerA,
        };
        string[] extra = problem == "password-argument" ? ["--tls-password", "x"] : [];
        var process = SweepProcess.Start(
            environment, ["--join", "127.0.0.1:4053", "--tls-cert", certificate, "--tls-trust", _certificates.CaA, .. extra]);
        _processes.Add(process);

        int exit = await process.WaitForExitAsync(Patience);

        Assert.Equal(code, exit);
        Assert.Contains(process.Lines, l => l.StartsWith("stderr: ", StringComparison.Ordinal) && l.Contains(expected, StringComparison.Ordinal));
    }

    private SweepProcess Start(params string[] args)
    {
        var process = SweepProcess.Start(_password, args);
        _processes.Add(process);
        return process;
    }
}
