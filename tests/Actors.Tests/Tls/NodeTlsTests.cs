using System.Security.Cryptography.X509Certificates;
using Sweep.Actors.Tls;

namespace Sweep.Actors.Tests.Tls;

public sealed class NodeTlsTests : IDisposable
{
    private readonly TestCertificates _certificates = new();

    public void Dispose() => _certificates.Dispose();

    [Fact]
    public void A_certificate_issued_by_a_trusted_ca_is_accepted()
    {
        var tls = NodeTls.Load(_certificates.Options(_certificates.CoordinatorA, _certificates.CaA));
        using var peer = Certificate(_certificates.WorkerA);

        Assert.Null(tls.Check(peer, null));
    }

    [Fact]
    public void A_certificate_from_another_ca_or_a_self_signed_stranger_is_refused_with_its_subject_and_the_chain_problem()
    {
        var tls = NodeTls.Load(_certificates.Options(_certificates.CoordinatorA, _certificates.CaA));
        using var otherCa = Certificate(_certificates.WorkerB);
        using var stranger = Certificate(_certificates.Stranger);

        string? otherReason = tls.Check(otherCa, null);
        string? strangerReason = tls.Check(stranger, null);

        Assert.NotNull(otherReason);
        Assert.Contains("CN=Sweep Test CA B", otherReason);
        Assert.NotNull(strangerReason);
        Assert.Contains("CN=stranger", strangerReason);
        Assert.Contains("UntrustedRoot", strangerReason);
        Assert.Equal("the peer presented no certificate", tls.Check(null, null));
    }

    [Fact]
    public void A_pinned_peer_certificate_is_accepted_without_a_ca()
    {
        string pinned = Path.Combine(_certificates.Folder, "stranger.pem");
        using (var stranger = Certificate(_certificates.Stranger))
        {
            File.WriteAllText(pinned, stranger.ExportCertificatePem());
        }

        var tls = NodeTls.Load(_certificates.Options(_certificates.CoordinatorA, pinned));
        using var peer = Certificate(_certificates.Stranger);
        using var other = Certificate(_certificates.WorkerA);

        Assert.Null(tls.Check(peer, null));
        Assert.NotNull(tls.Check(other, null));
    }

    [Fact]
    public void Trust_files_may_be_der()
    {
        var tls = NodeTls.Load(_certificates.Options(_certificates.CoordinatorA, _certificates.CaA + ".der"));
        using var peer = Certificate(_certificates.WorkerA);

        Assert.Null(tls.Check(peer, null));
    }

    [Fact]
    public void A_wrong_password_is_named_as_such()
    {
        var options = _certificates.Options(_certificates.WorkerA, _certificates.CaA) with { CertificatePassword = "wrong" };

        var e = Assert.Throws<TlsSetupException>(() => NodeTls.Load(options));

        Assert.Contains("wrong password", e.Message);
        Assert.Contains(_certificates.WorkerA, e.Message);
    }

    [Fact]
    public void A_missing_certificate_or_trust_file_is_named()
    {
        string missing = Path.Combine(_certificates.Folder, "missing.pfx");

        var noCertificate = Assert.Throws<TlsSetupException>(() => NodeTls.Load(_certificates.Options(missing, _certificates.CaA)));
        var noTrust = Assert.Throws<TlsSetupException>(() => NodeTls.Load(_certificates.Options(_certificates.WorkerA, missing)));
        var emptyTrust = Assert.Throws<TlsSetupException>(() => NodeTls.Load(_certificates.Options(_certificates.WorkerA)));

        Assert.Equal($"TLS certificate file '{missing}' does not exist", noCertificate.Message);
        Assert.Equal($"TLS trust file '{missing}' does not exist", noTrust.Message);
        Assert.Contains("needs trusted certificates", emptyTrust.Message);
    }

    [Fact]
    public void A_certificate_without_its_private_key_is_refused_with_how_to_export_both()
    {
        var e = Assert.Throws<TlsSetupException>(() => NodeTls.Load(_certificates.Options(_certificates.WithoutKey, _certificates.CaA)));

        Assert.Contains("without its private key", e.Message);
        Assert.Contains(_certificates.WithoutKey, e.Message);
    }

    [Fact]
    public void A_trust_file_that_is_not_a_certificate_is_named()
    {
        string notACertificate = Path.Combine(_certificates.Folder, "notes.txt");
        File.WriteAllText(notACertificate, "hello");

        var e = Assert.Throws<TlsSetupException>(() => NodeTls.Load(_certificates.Options(_certificates.WorkerA, notACertificate)));

        Assert.Contains(notACertificate, e.Message);
        Assert.Contains("not a PEM or DER certificate", e.Message);
    }

    private static X509Certificate2 Certificate(string pfx) => X509CertificateLoader.LoadPkcs12FromFile(pfx, TestCertificates.Password);
}
