namespace Sweep.Actors.Tests;

public class WorkerIdentityTests
{
    [Fact]
    public void By_default_a_worker_is_named_by_its_machine_and_process_and_its_host_has_no_port()
    {
        var identity = WorkerIdentity.Of(null, "10.0.0.5");

        Assert.Equal($"{Environment.MachineName}#{Environment.ProcessId}", WorkerIdentity.DefaultName);
        Assert.StartsWith(WorkerIdentity.DefaultName, identity.Name, StringComparison.Ordinal);
        Assert.Equal($"{Environment.MachineName}@10.0.0.5", identity.Host);
        Assert.Equal($"{identity.Name} ({identity.Host})", identity.ToString());
    }

    /// <summary>Other tests in this process may have taken the first default name: only distinctness and the form are fixed.</summary>
    [Fact]
    public void Several_workers_of_one_process_get_distinct_default_names()
    {
        var first = WorkerIdentity.Of(null, "10.0.0.5");
        var second = WorkerIdentity.Of(null, "10.0.0.5");

        Assert.NotEqual(first.Name, second.Name);
        Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(WorkerIdentity.DefaultName)}\\.[0-9]+$", second.Name);
    }

    [Fact]
    public void A_chosen_name_is_kept_so_a_restarted_worker_is_the_same_worker()
    {
        var first = WorkerIdentity.Of("gpu-box-3", "10.0.0.5");
        var restarted = WorkerIdentity.Of("gpu-box-3", "10.0.0.5");

        Assert.Equal("gpu-box-3", first.Name);
        Assert.Equal(first, restarted);
    }

    [Fact]
    public void The_coordinators_own_slots_are_marked_local()
    {
        var local = WorkerIdentity.Local("127.0.0.1");

        Assert.Equal($"{Environment.MachineName}#{Environment.ProcessId}(local)", local.Name);
        Assert.Equal($"{Environment.MachineName}@127.0.0.1", local.Host);
        Assert.Null(WorkerIdentity.Problem(local.Name));
    }

    [Theory]
    [InlineData("", "must be 1 to 100 characters, not 0")]
    [InlineData("gpu box", "'gpu box' has U+0020 at position 4")]
    [InlineData("gpu\tbox", "has U+0009 at position 4")]
    [InlineData("gpu\u0001", "has U+0001 at position 4")]
    public void An_unusable_name_is_refused_naming_the_option_and_the_reason(string name, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => WorkerIdentity.Of(name, "10.0.0.5"));

        Assert.StartsWith("name: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_longer_than_the_limit_are_refused_and_the_limit_itself_is_accepted()
    {
        Assert.Null(WorkerIdentity.Problem(new string('w', WorkerIdentity.MaxNameLength)));
        Assert.Equal("must be 1 to 100 characters, not 101", WorkerIdentity.Problem(new string('w', WorkerIdentity.MaxNameLength + 1)));
    }
}
