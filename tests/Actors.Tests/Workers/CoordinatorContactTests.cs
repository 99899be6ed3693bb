using Sweep.Actors.Workers;

namespace Sweep.Actors.Tests.Workers;

public class CoordinatorContactTests
{
    private static readonly DateTime T0 = ManualTime.Start;

    private static CoordinatorContact Contact() => new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5));

    [Fact]
    public void Registration_is_retried_after_the_interval_until_registered()
    {
        var contact = Contact();
        Assert.Equal(ContactAction.Register, contact.Check(T0, registered: false));

        contact.RegisterSent(T0);

        Assert.Equal(ContactAction.None, contact.Check(T0.AddSeconds(2), registered: false));
        Assert.Equal(ContactAction.Register, contact.Check(T0.AddSeconds(2.5), registered: false));
        Assert.Equal(ContactAction.None, contact.Check(T0.AddSeconds(60), registered: true));
    }

    [Fact]
    public void The_coordinator_is_lost_only_when_unreachable_longer_than_the_limit()
    {
        var contact = Contact();
        contact.Unreachable(T0);
        contact.Unreachable(T0.AddSeconds(4));

        Assert.Equal(ContactAction.None, contact.Check(T0.AddSeconds(5), registered: true));
        Assert.Equal(ContactAction.Lost, contact.Check(T0.AddSeconds(5.5), registered: true));
    }

    [Fact]
    public void Reachable_again_resets_the_unreachable_time()
    {
        var contact = Contact();
        contact.Unreachable(T0);
        contact.Reachable();
        contact.Unreachable(T0.AddSeconds(4));

        Assert.Equal(ContactAction.None, contact.Check(T0.AddSeconds(8), registered: true));
        Assert.Equal(ContactAction.Lost, contact.Check(T0.AddSeconds(9.5), registered: true));
    }
}
