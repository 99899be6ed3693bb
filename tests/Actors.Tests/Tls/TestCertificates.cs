using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Sweep.Actors.Tests.Tls;

/// <summary>
/// Certificates made for a test in a temporary folder: two CAs (A and B), node certificates issued by each,
/// and a self-signed stranger. Node certificates are .pfx files with <see cref="Password"/>; CA certificates PEM.
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    public const string Password = "s3cret";

    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    public TestCertificates()
    {
        Folder = Path.Combine(Path.GetTempPath(), "sweep-tls-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        using var caA = CreateCa("CN=Sweep Test CA A");
        using var caB = CreateCa("CN=Sweep Test CA B");
        CaA = WritePem("ca-a.pem", caA);
        CaB = WritePem("ca-b.pem", caB);
        CoordinatorA = WritePfx("coordinator-a.pfx", Issue(caA, "CN=coordinator"));
        WorkerA = WritePfx("worker-a.pfx", Issue(caA, "CN=worker"));
        WorkerB = WritePfx("worker-b.pfx", Issue(caB, "CN=worker"));
        using var strangerKey = RSA.Create(2048);
        Stranger = WritePfx("stranger.pfx", NodeRequest("CN=stranger", strangerKey).CreateSelfSigned(Now.AddDays(-1), Now.AddDays(30)));
        using var withoutKey = X509CertificateLoader.LoadCertificate(File.ReadAllBytes(CaA + ".der"));
        WithoutKey = Path.Combine(Folder, "no-key.pfx");
        File.WriteAllBytes(WithoutKey, withoutKey.Export(X509ContentType.Pkcs12, Password));
    }

    public string Folder { get; }

    public string CaA { get; }

    public string CaB { get; }

    public string CoordinatorA { get; }

    public string WorkerA { get; }

    public string WorkerB { get; }

    public string Stranger { get; }

    /// <summary>A .pfx holding a certificate but no private key.</summary>
    public string WithoutKey { get; }

    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    public TlsOptions Options(string certificate, params string[] trust) =>
        new() { CertificatePath = certificate, CertificatePassword = Password, TrustPaths = trust };

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    private static X509Certificate2 CreateCa(string subject)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(Now.AddDays(-1), Now.AddDays(365));
    }

    private static CertificateRequest NodeRequest(string subject, RSA key)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuth, ClientAuth], false));
        return request;
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, string subject)
    {
        using var key = RSA.Create(2048);
        var request = NodeRequest(subject, key);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var issued = request.Create(ca, Now.AddDays(-1), Now.AddDays(30), RandomNumberGenerator.GetBytes(16));
        return issued.CopyWithPrivateKey(key);
    }

    private string WritePem(string name, X509Certificate2 certificate)
    {
        string path = Path.Combine(Folder, name);
        File.WriteAllText(path, certificate.ExportCertificatePem());
        File.WriteAllBytes(path + ".der", certificate.RawData);
        return path;
    }

    private string WritePfx(string name, X509Certificate2 certificate)
    {
        string path = Path.Combine(Folder, name);
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        certificate.Dispose();
        return path;
    }
}
