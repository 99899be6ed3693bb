using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using Sweep.Engine.Config;
using Sweep.Engine.Training;
using static Sweep.Actors.Protocol.SweepProtocol;

namespace Sweep.Actors.Protocol;

/// <summary>
/// Binary serializer for every <see cref="SweepProtocol"/> message (bound in <see cref="ClusterConfig"/>; strict
/// mode rejects anything unbound). Little-endian <see cref="BinaryWriter"/> layout, one short manifest per type.
/// Both ends run the same engine version (checked at registration), so the layout carries no version of its own;
/// trial configs travel as (field name, value) pairs so a renamed field fails loudly instead of shifting values.
/// </summary>
public sealed class SweepMessageSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>Akka reserves 0..100; this id is Sweep's own.</summary>
    public const int SerializerId = 7101;

    private const string RegisterWorkerManifest = "reg";
    private const string WorkerAcceptedManifest = "acc";
    private const string WorkerRefusedManifest = "ref";
    private const string RegisterAgainManifest = "rag";
    private const string WorkAvailableManifest = "wav";
    private const string RequestWorkManifest = "req";
    private const string AssignTrialManifest = "asg";
    private const string ProgressManifest = "prg";
    private const string ResultPartManifest = "prt";
    private const string FinishedManifest = "fin";
    private const string FinishedAckManifest = "ack";
    private const string FailedManifest = "fai";
    private const string DeclinedManifest = "dec";
    private const string CancelManifest = "can";

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => o switch
    {
        RegisterWorker => RegisterWorkerManifest,
        WorkerAccepted => WorkerAcceptedManifest,
        WorkerRefused => WorkerRefusedManifest,
        RegisterAgain => RegisterAgainManifest,
        WorkAvailable => WorkAvailableManifest,
        RequestWork => RequestWorkManifest,
        AssignTrial => AssignTrialManifest,
        TrialProgressReport => ProgressManifest,
        TrialResultPart => ResultPartManifest,
        TrialFinished => FinishedManifest,
        TrialFinishedAck => FinishedAckManifest,
        TrialFailed => FailedManifest,
        TrialDeclined => DeclinedManifest,
        CancelTrial => CancelManifest,
        _ => throw new ArgumentException($"{nameof(SweepMessageSerializer)} cannot serialize {o.GetType().FullName}", nameof(o)),
    };

    public override byte[] ToBinary(object obj)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            Write(writer, obj);
        }

        return stream.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        try
        {
            return Read(reader, manifest);
        }
        catch (EndOfStreamException e)
        {
            throw new SerializationException($"truncated '{manifest}' message ({bytes.Length} bytes)", e);
        }
    }

    private static void Write(BinaryWriter w, object obj)
    {
        switch (obj)
        {
            case RegisterWorker m:
                w.Write(m.NodeName);
                w.Write(m.Slots);
                w.Write(m.EngineVersion);
                break;
            case WorkerAccepted m:
                w.Write(m.SweepId);
                break;
            case WorkerRefused m:
                w.Write(m.Reason);
                break;
            case RegisterAgain or WorkAvailable:
                break;
            case RequestWork m:
                w.Write(m.Slot);
                break;
            case AssignTrial m:
                w.Write(m.Slot);
                w.Write(m.TrialId);
                w.Write(m.Attempt);
                w.Write(m.DeadlineUtc.ToBinary());
                WriteConfig(w, m.Config);
                break;
            case TrialProgressReport m:
                w.Write(m.TrialId);
                w.Write(m.Attempt);
                w.Write(m.Step);
                w.Write(m.TotalSteps);
                break;
            case TrialResultPart m:
                w.Write(m.TrialId);
                w.Write(m.Attempt);
                w.Write(m.Index);
                WriteCurve(w, m.Curve);
                WriteLayers(w, m.Layers);
                break;
            case TrialFinished m:
                w.Write(m.Slot);
                w.Write(m.TrialId);
                w.Write(m.Attempt);
                w.Write((int)m.Status);
                w.Write(m.WorkerHost);
                w.Write(m.StartedAt.ToBinary());
                w.Write(m.FinishedAt.ToBinary());
                w.Write(m.DurationSeconds);
                WriteSummary(w, m.Summary);
                w.Write(m.PartsBefore);
                WriteCurve(w, m.Curve);
                WriteLayers(w, m.Layers);
                break;
            case TrialFinishedAck m:
                w.Write(m.TrialId);
                break;
            case TrialFailed m:
                w.Write(m.Slot);
                w.Write(m.TrialId);
                w.Write(m.Attempt);
                w.Write(m.Error);
                break;
            case TrialDeclined m:
                w.Write(m.Slot);
                w.Write(m.TrialId);
                w.Write(m.Attempt);
                w.Write(m.Reason);
                break;
            case CancelTrial m:
                w.Write(m.TrialId);
                break;
            default:
                throw new ArgumentException($"{nameof(SweepMessageSerializer)} cannot serialize {obj.GetType().FullName}", nameof(obj));
        }
    }

    private static object Read(BinaryReader r, string manifest) => manifest switch
    {
        RegisterWorkerManifest => new RegisterWorker(r.ReadString(), r.ReadInt32(), r.ReadString()),
        WorkerAcceptedManifest => new WorkerAccepted(r.ReadString()),
        WorkerRefusedManifest => new WorkerRefused(r.ReadString()),
        RegisterAgainManifest => RegisterAgain.Instance,
        WorkAvailableManifest => WorkAvailable.Instance,
        RequestWorkManifest => new RequestWork(r.ReadInt32()),
        AssignTrialManifest => new AssignTrial(r.ReadInt32(), r.ReadString(), r.ReadInt32(), DateTime.FromBinary(r.ReadInt64()), ReadConfig(r)),
        ProgressManifest => new TrialProgressReport(r.ReadString(), r.ReadInt32(), r.ReadInt64(), r.ReadInt64()),
        ResultPartManifest => new TrialResultPart(r.ReadString(), r.ReadInt32(), r.ReadInt32(), ReadCurve(r), ReadLayers(r)),
        FinishedManifest => new TrialFinished(
            r.ReadInt32(), r.ReadString(), r.ReadInt32(), ReadStatus(r), r.ReadString(),
            DateTime.FromBinary(r.ReadInt64()), DateTime.FromBinary(r.ReadInt64()), r.ReadDouble(),
            ReadSummary(r), r.ReadInt32(), ReadCurve(r), ReadLayers(r)),
        FinishedAckManifest => new TrialFinishedAck(r.ReadString()),
        FailedManifest => new TrialFailed(r.ReadInt32(), r.ReadString(), r.ReadInt32(), r.ReadString()),
        DeclinedManifest => new TrialDeclined(r.ReadInt32(), r.ReadString(), r.ReadInt32(), r.ReadString()),
        CancelManifest => new CancelTrial(r.ReadString()),
        _ => throw new SerializationException($"unknown sweep message manifest '{manifest}'"),
    };

    private static TrialStatus ReadStatus(BinaryReader r)
    {
        int value = r.ReadInt32();
        return Enum.IsDefined(typeof(TrialStatus), value)
            ? (TrialStatus)value
            : throw new SerializationException($"unknown trial status {value}");
    }

    private static void WriteConfig(BinaryWriter w, TrialConfig config)
    {
        w.Write(ConfigSchema.Fields.Count);
        foreach (var field in ConfigSchema.Fields)
        {
            w.Write(field.Name);
            object? value = field.Get(config);
            w.Write(value is not null);
            switch (value)
            {
                case null: break;
                case string s: w.Write(s); break;
                case int i: w.Write(i); break;
                case long l: w.Write(l); break;
                case double d: w.Write(d); break;
                case bool b: w.Write(b); break;
                default: throw new ArgumentException($"config field '{field.Name}' holds an unsupported {value.GetType().Name}");
            }
        }
    }

    private static TrialConfig ReadConfig(BinaryReader r)
    {
        var config = new TrialConfig();
        int count = r.ReadInt32();
        for (int i = 0; i < count; i++)
        {
            string name = r.ReadString();
            var field = ConfigSchema.Find(name)
                ?? throw new SerializationException($"trial config field '{name}' is unknown to this engine version");
            object? value = !r.ReadBoolean() ? null : field.Kind switch
            {
                FieldKind.String => r.ReadString(),
                FieldKind.Int => r.ReadInt32(),
                FieldKind.Long => r.ReadInt64(),
                FieldKind.Double => r.ReadDouble(),
                FieldKind.Bool => r.ReadBoolean(),
                _ => throw new SerializationException($"config field '{name}' has unsupported kind {field.Kind}"),
            };
            config = field.With(config, value);
        }

        return config;
    }

    private static void WriteCurve(BinaryWriter w, IReadOnlyList<EvalPoint> curve)
    {
        w.Write(curve.Count);
        foreach (var p in curve)
        {
            w.Write(p.Step);
            w.Write(p.Epoch);
            w.Write(p.Examples);
            w.Write(p.WallSeconds);
            w.Write(p.LearningRate);
            w.Write(p.TrainLoss);
            w.Write(p.ValLoss);
            w.Write(p.ValAccuracy);
            w.Write(p.GradNorm);
            w.Write(p.Clipped);
            w.Write(p.WeightNorm);
            w.Write(p.UpdateRatio);
        }
    }

    private static EvalPoint[] ReadCurve(BinaryReader r)
    {
        var curve = new EvalPoint[ReadCount(r)];
        for (int i = 0; i < curve.Length; i++)
        {
            curve[i] = new EvalPoint(
                r.ReadInt64(), r.ReadInt32(), r.ReadInt64(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble(),
                r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadBoolean(), r.ReadDouble(), r.ReadDouble());
        }

        return curve;
    }

    private static void WriteLayers(BinaryWriter w, IReadOnlyList<LayerPoint> layers)
    {
        w.Write(layers.Count);
        foreach (var p in layers)
        {
            w.Write(p.Step);
            w.Write(p.Layer);
            w.Write(p.Kind);
            w.Write(p.GradNorm);
            w.Write(p.WeightNorm);
            w.Write(p.ActMean);
            w.Write(p.ActStd);
            w.Write(p.SaturatedFraction);
            w.Write(p.DeadFraction);
        }
    }

    private static LayerPoint[] ReadLayers(BinaryReader r)
    {
        var layers = new LayerPoint[ReadCount(r)];
        for (int i = 0; i < layers.Length; i++)
        {
            layers[i] = new LayerPoint(
                r.ReadInt64(), r.ReadInt32(), r.ReadString(), r.ReadDouble(), r.ReadDouble(),
                r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble());
        }

        return layers;
    }

    private static int ReadCount(BinaryReader r)
    {
        int count = r.ReadInt32();
        long remaining = r.BaseStream.Length - r.BaseStream.Position;
        return count >= 0 && count <= remaining
            ? count
            : throw new SerializationException($"corrupt list length {count} with {remaining} bytes left");
    }

    private static void WriteSummary(BinaryWriter w, TrialSummary s)
    {
        w.Write(s.StepsRun);
        w.Write(s.ExamplesSeen);
        WriteNullable(w, s.InitialTrainLoss);
        w.Write(s.FinalTrainLoss);
        w.Write(s.BestTrainLoss);
        WriteNullable(w, s.FinalValLoss);
        WriteNullable(w, s.BestValLoss);
        WriteNullable(w, s.FinalValAccuracy);
        WriteNullable(w, s.BestValAccuracy);
        WriteNullable(w, s.ConvergedAtStep);
        WriteNullable(w, s.DivergedAtStep);
        WriteNullable(w, s.StepsToTarget);
        w.Write(s.AucLogTrainLoss);
        w.Write(s.GradNormMedian);
        w.Write(s.GradSpikeRatio);
        w.Write(s.GradLogCv);
        w.Write(s.VanishingRatio);
        w.Write(s.ClippedFraction);
        w.Write(s.DeadFraction);
        w.Write(s.SaturatedFraction);
    }

    private static TrialSummary ReadSummary(BinaryReader r) => new()
    {
        StepsRun = r.ReadInt64(),
        ExamplesSeen = r.ReadInt64(),
        InitialTrainLoss = ReadNullableDouble(r),
        FinalTrainLoss = r.ReadDouble(),
        BestTrainLoss = r.ReadDouble(),
        FinalValLoss = ReadNullableDouble(r),
        BestValLoss = ReadNullableDouble(r),
        FinalValAccuracy = ReadNullableDouble(r),
        BestValAccuracy = ReadNullableDouble(r),
        ConvergedAtStep = ReadNullableLong(r),
        DivergedAtStep = ReadNullableLong(r),
        StepsToTarget = ReadNullableLong(r),
        AucLogTrainLoss = r.ReadDouble(),
        GradNormMedian = r.ReadDouble(),
        GradSpikeRatio = r.ReadDouble(),
        GradLogCv = r.ReadDouble(),
        VanishingRatio = r.ReadDouble(),
        ClippedFraction = r.ReadDouble(),
        DeadFraction = r.ReadDouble(),
        SaturatedFraction = r.ReadDouble(),
    };

    private static void WriteNullable(BinaryWriter w, double? value)
    {
        w.Write(value.HasValue);
        if (value.HasValue)
        {
            w.Write(value.Value);
        }
    }

    private static void WriteNullable(BinaryWriter w, long? value)
    {
        w.Write(value.HasValue);
        if (value.HasValue)
        {
            w.Write(value.Value);
        }
    }

    private static double? ReadNullableDouble(BinaryReader r) => r.ReadBoolean() ? r.ReadDouble() : null;

    private static long? ReadNullableLong(BinaryReader r) => r.ReadBoolean() ? r.ReadInt64() : null;
}
