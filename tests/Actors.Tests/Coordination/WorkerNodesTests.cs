using Sweep.Actors.Coordination;

namespace Sweep.Actors.Tests.Coordination;

public class WorkerNodesTests
{
    private static readonly WorkerIdentity Machine1 = WorkerIdentity.Received("machine-1#7", "machine-1@10.0.0.1");

    private static WorkerNodes<string> Nodes() => new(actor => "key:" + actor);

    [Fact]
    public void A_node_is_found_by_actor_and_by_key_until_removed()
    {
        var nodes = Nodes();

        var added = nodes.Add("w1", Machine1, 4);

        Assert.Equal(new RegisteredNode<string>("w1", Machine1, 4, "key:w1"), added);
        Assert.Equal("machine-1#7", added!.Name);
        Assert.Same(added, nodes.Find("w1"));
        Assert.Same(added, nodes.FindByKey("key:w1"));
        Assert.Equal(Machine1, nodes.IdentityOf("key:w1"));
        Assert.Same(added, nodes.Remove("w1"));
        Assert.Null(nodes.Find("w1"));
        Assert.Null(nodes.FindByKey("key:w1"));
        Assert.Equal(0, nodes.Count);
    }

    [Fact]
    public void Registering_again_changes_nothing()
    {
        var nodes = Nodes();
        nodes.Add("w1", Machine1, 4);

        Assert.Null(nodes.Add("w1", WorkerIdentity.Received("renamed", "elsewhere"), 8));
        Assert.Equal(4, nodes.Find("w1")!.Slots);
        Assert.Equal(Machine1, nodes.Find("w1")!.Worker);
        Assert.Single(nodes.All);
    }

    [Fact]
    public void A_removed_node_is_still_named_by_its_identity_and_one_never_seen_by_its_key()
    {
        var nodes = Nodes();
        nodes.Add("w1", Machine1, 4);
        nodes.Remove("w1");

        Assert.Equal(Machine1, nodes.IdentityOf("key:w1"));
        Assert.Equal(("key:w9", ""), (nodes.IdentityOf("key:w9").Name, nodes.IdentityOf("key:w9").Host));
        Assert.Equal("key:w9", nodes.KeyOf("w9"));
        Assert.Null(nodes.Remove("w9"));
    }

    [Fact]
    public void A_namesake_is_another_registered_actor_with_the_same_name()
    {
        var nodes = Nodes();
        nodes.Add("w1", Machine1, 4);
        nodes.Add("w2", Machine1 with { }, 4);
        nodes.Add("w3", WorkerIdentity.Received("other", "h"), 1);

        Assert.Equal("w1", nodes.FindOtherNamed("machine-1#7", "w2")!.Actor);
        Assert.Equal("w2", nodes.FindOtherNamed("machine-1#7", "w1")!.Actor);
        Assert.Null(nodes.FindOtherNamed("other", "w3"));
    }
}
