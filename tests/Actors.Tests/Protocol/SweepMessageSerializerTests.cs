using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using Sweep.Actors.Cluster;
using Sweep.Actors.Protocol;
using Sweep.Actors.Workers;
using Sweep.Engine.Training;
using Sweep.Specs;
using static Sweep.Actors.Protocol.SweepProtocol;

namespace Sweep.Actors.Tests.Protocol;

/// <summary>A cluster-configured actor system (strict serialization) shared by the serializer tests.</summary>
public sealed class StrictSystemFixture : IDisposable
{
    public StrictSystemFixture()
    {
        System = (ExtendedActorSystem)ActorSystem.Create(
            ClusterRoles.SystemName, ClusterConfig.Build(ClusterRoles.Worker, "127.0.0.1", 0, null));
    }

    public ExtendedActorSystem System { get; }

    public void Dispose() => System.Terminate().Wait(TimeSpan.FromSeconds(10));
}

[Collection(ClusterCollection.Name)]
public class SweepMessageSerializerTests(StrictSystemFixture fixture) : IClassFixture<StrictSystemFixture>
{
    private static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        IncludeFields = true,
    };

    public static TheoryData<string> MessageNames()
    {
        var data = new TheoryData<string>();
        foreach (var message in SampleMessages.All())
        {
            data.Add(NameOf(message));
        }

        return data;
    }

    private static string NameOf(object message) => message switch
    {
        AssignTrial a => $"{nameof(AssignTrial)}/{a.TrialId}",
        TrialEvaluated e => $"{nameof(TrialEvaluated)}/{e.TrialId}",
        _ => message.GetType().Name,
    };

    [Theory]
    [MemberData(nameof(MessageNames))]
    public void Every_message_round_trips_through_the_bound_serializer(string name)
    {
        var message = SampleMessages.All().Single(m => NameOf(m) == name);
        var serializer = fixture.System.Serialization.FindSerializerFor(message);
        Assert.IsType<SweepMessageSerializer>(serializer);

        string manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
        var copy = fixture.System.Serialization.Deserialize(serializer.ToBinary(message), serializer.Identifier, manifest);

        Assert.Equal(message.GetType(), copy.GetType());
        Assert.Equal(JsonSerializer.Serialize(message, message.GetType(), Json), JsonSerializer.Serialize(copy, copy.GetType(), Json));
    }

    [Fact]
    public void Samples_cover_every_protocol_message_type()
    {
        var covered = SampleMessages.All().Select(m => m.GetType()).ToHashSet();

        Assert.All(typeof(SweepProtocol).GetNestedTypes(), t => Assert.Contains(t, covered));
    }

    [Fact]
    public void Data_less_messages_stay_singletons()
    {
        var serializer = new SweepMessageSerializer(fixture.System);

        Assert.Same(WorkAvailable.Instance, serializer.FromBinary(serializer.ToBinary(WorkAvailable.Instance), serializer.Manifest(WorkAvailable.Instance)));
        Assert.Same(RegisterAgain.Instance, serializer.FromBinary(serializer.ToBinary(RegisterAgain.Instance), serializer.Manifest(RegisterAgain.Instance)));
    }

    [Fact]
    public void Strict_mode_refuses_unregistered_types()
    {
        Assert.ThrowsAny<SerializationException>(() => fixture.System.Serialization.FindSerializerForType(typeof(Unregistered)));
    }

    [Fact]
    public void Largest_chunks_fit_the_128000_byte_frame()
    {
        var serializer = new SweepMessageSerializer(fixture.System);
        int max = ResultChunks.MaxPointsPerSlice;
        var finished = new TrialFinished(0, TrialId.Parse("00000000000000aa"), 1, TrialStatus.Completed, new string('w', WorkerIdentity.MaxNameLength), new string('h', 200),
            DateTime.UtcNow, DateTime.UtcNow, 1, SampleMessages.Summary(), 9, SampleMessages.Curve(max), []);
        var part = new TrialResultPart(TrialId.Parse("00000000000000aa"), 1, 1, [], SampleMessages.Layers(max));

        Assert.InRange(serializer.ToBinary(finished).Length, 1, 120_000);
        Assert.InRange(serializer.ToBinary(part).Length, 1, 120_000);
    }

    [Fact]
    public void Truncated_bytes_fail_with_a_serialization_error()
    {
        var serializer = new SweepMessageSerializer(fixture.System);
        var message = SampleMessages.All().OfType<AssignTrial>().First();
        var bytes = serializer.ToBinary(message);

        var error = Assert.Throws<SerializationException>(() => serializer.FromBinary(bytes[..(bytes.Length / 2)], serializer.Manifest(message)));
        Assert.Contains("truncated", error.Message);
    }

    /// <summary>A worker of message layout 3 sent no host: its registration still reads, so it is refused by its engine version.</summary>
    [Fact]
    public void A_registration_without_the_host_of_layout_4_reads_with_an_empty_host()
    {
        var serializer = new SweepMessageSerializer(fixture.System);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write("box@10.0.0.5:41234");
            writer.Write(8);
            writer.Write("0.1.0, messages 3");
        }

        var read = serializer.FromBinary(stream.ToArray(), serializer.Manifest(new RegisterWorker("x", 1, "v")));

        Assert.Equal(new RegisterWorker("box@10.0.0.5:41234", 8, "0.1.0, messages 3", ""), read);
    }

    [Fact]
    public void Records_from_a_build_with_another_field_table_are_refused_by_name()
    {
        var serializer = new SweepMessageSerializer(fixture.System);
        var part = new TrialResultPart(TrialId.Parse("00000000000000aa"), 1, 1, SampleMessages.Curve(1), []);
        var bytes = serializer.ToBinary(part);
        const int FieldCountOffset = 8 + 4 + 4 + 4; // id (8 bytes), attempt, index, point count
        Assert.Equal(ResultFields.Eval.Count, BitConverter.ToInt32(bytes, FieldCountOffset));
        BitConverter.GetBytes(ResultFields.Eval.Count - 1).CopyTo(bytes, FieldCountOffset);

        var error = Assert.Throws<SerializationException>(() => serializer.FromBinary(bytes, serializer.Manifest(part)));
        Assert.Contains($"{ResultFields.Eval.Count - 1} fields on the wire and {ResultFields.Eval.Count} here", error.Message);
    }

    [Fact]
    public void Unknown_manifest_is_refused()
    {
        var serializer = new SweepMessageSerializer(fixture.System);

        Assert.Throws<SerializationException>(() => serializer.FromBinary([], "zzz"));
    }

    private sealed record Unregistered(int Value);
}
