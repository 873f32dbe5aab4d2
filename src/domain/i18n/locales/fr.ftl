# Français

## The login page

sign-in-to = Connexion à { $app }
country-label = Pays
country-search = Rechercher un pays ou un indicatif
phone-label = Numéro de téléphone
phone-hint = Nous vous enverrons un code par SMS.
email-label = Adresse e-mail
send-code = Recevoir un code par SMS
email-code = Recevoir un code par e-mail
email-link = Recevoir un lien par e-mail
or = ou
passkey-signin = Se connecter avec une clé d’accès

## The code page

code-heading = Saisissez votre code
sent-by-sms = Nous avons envoyé un code par SMS au { $recipient }
sent-by-email = Nous avons envoyé un code par e-mail à { $recipient }
code-label = Code de vérification
verify = Continuer
resend = Envoyer un nouveau code
resend-wait = Nouveau code dans { $seconds } s
use-another = Utiliser un autre numéro ou une autre adresse

## What went wrong on the login pages

wrong-code = Ce code n’est pas le bon. Vérifiez le message et réessayez.
wrong-code-tries-left = Ce code n’est pas le bon. { $tries ->
    [one] Il vous reste un essai ; ensuite, il faudra un nouveau code.
   *[other] Il vous reste { $tries } essais.
}
wrong-code-last = Ce code n’est pas le bon, et c’était le dernier essai. Demandez un nouveau code.
expired-code = Ce code a expiré. Demandez-en un nouveau.
too-many-tries = Trop d’essais erronés. Demandez un nouveau code.
code-not-checked = Le code n’a pas pu être vérifié pour l’instant, et cet essai n’a pas été compté. Veuillez réessayer.
rate-limited = Trop de tentatives. Patientez { $seconds ->
    [one] une seconde
   *[other] { $seconds } secondes
} puis réessayez.
retry-in = Vous pourrez réessayer dans { $seconds } s.
retry-now = Vous pouvez réessayer maintenant.
invalid-phone = Ce numéro ne semble pas valide. Vérifiez le pays et le numéro.
invalid-email = Cette adresse e-mail ne semble pas valide.
blocked = Ce compte est bloqué.
signup-disabled = Cette application n’accepte pas de nouveaux comptes.
not-sent = Le message n’a pas pu être envoyé. Réessayez plus tard.
start-again-title = Veuillez recommencer
start-again = Cette page a expiré ou n’a pas été ouverte ici. Revenez à l’application et reconnectez-vous.
went-wrong-title = Une erreur s’est produite
went-wrong = Réessayez dans un instant.
request-invalid-title = Cette demande de connexion n’est pas valide
request-invalid = L’application qui vous a envoyé ici a commis une erreur dans sa demande de connexion. Revenez à l’application et réessayez ; si cela se reproduit, transmettez à ses créateurs ce qui est écrit ci-dessous.
error-detail = Pour le développeur de l’application :
logout-refused-title = Impossible de revenir à l’application
logout-refused = L’application a demandé à vous envoyer vers une adresse qu’elle n’a pas enregistrée ; rien n’a donc changé : vous êtes toujours connecté.
sign-in-expired = Cette connexion a expiré. Revenez à l’application et reconnectez-vous.

## Notices

link-sent-title = Consultez vos e-mails
link-sent = Nous avons envoyé un lien de connexion à { $email }. Ouvrez-le sur l’appareil de votre choix ; il ne fonctionne qu’une fois, pendant quelques minutes.
logged-out-title = Vous êtes déconnecté
logged-out = Vous pouvez fermer cette page.

## Passkeys

passkey-offer-title = Connectez-vous plus vite la prochaine fois
passkey-offer = Ajoutez une clé d’accès : la prochaine fois, connectez-vous avec votre empreinte, votre visage ou le verrouillage de l’écran au lieu d’un code.
passkey-add = Ajouter une clé d’accès
not-now = Plus tard, continuer

## The magic link pages

continue-as = Continuer en tant que { $email }
link-continue = Continuer
scanner-note = Cette étape évite que les logiciels qui analysent les e-mails utilisent votre lien de connexion avant vous.
link-used-title = Ce lien a expiré ou a déjà servi
code-used-title = Ce code a expiré ou a déjà servi
link-used = Un lien de connexion ne fonctionne qu’une fois, pendant quelques minutes. Nous pouvons vous en envoyer un nouveau.
send-new-link = M’envoyer un nouveau lien
reopen-title = Rouvrez le lien
reopen = Cette page a expiré ou n’a pas été ouverte depuis votre lien de connexion. Rouvrez le lien reçu par e-mail.
blocked-title = Ce compte est bloqué
blocked-help = Contactez l’assistance de l’application.
signup-closed-title = Les inscriptions sont fermées
too-many-title = Trop de tentatives
too-many-link = Patientez { $minutes ->
    [one] une minute
   *[other] { $minutes } minutes
}, puis demandez un nouveau lien dans l’application.
resent-title = Consultez vos e-mails
resent = Nous vous avons envoyé un nouveau lien de connexion. Il ne fonctionne qu’une fois, pendant quelques minutes.
wait-title = Patientez un instant
wait-link = Un lien vient d’être envoyé. Consultez vos e-mails, ou réessayez dans { $seconds ->
    [one] une seconde
   *[other] { $seconds } secondes
}.
open-app = Ouvrir { $app }
open-on-phone = Ce lien ouvre l’application. Ouvrez-le sur le téléphone où elle est installée.
enter-code-in-app = Si l’application ne s’est pas ouverte, saisissez ce code dans l’application :
link-invalid-title = Ce lien n’est pas valide
link-no-connection = Le lien n’indique aucune connexion.
link-no-email = Le lien n’indique aucune adresse e-mail.
link-no-phone = Le lien n’indique aucun numéro de téléphone.
link-unknown-connection = Le lien indique une connexion que ce serveur ne connaît pas.
link-no-code = Le lien ne contient aucun code de vérification.
link-unknown-app = Le lien indique une application que ce serveur ne connaît pas.
form-unreadable = Le formulaire n’a pas pu être lu.
form-no-app = Le formulaire n’indique aucune application.
link-not-sent-title = Aucun lien n’a été envoyé
link-request-refused = Cette demande de connexion n’est plus acceptée. Revenez à l’application et reconnectez-vous.
not-found-title = Page introuvable
not-found = Il n’y a aucune page ici.

## Passing the answer on to the app (form_post, the cross-origin fallback)

form-post-signed-in-title = Vous êtes connecté
form-post-signed-in = Continuez vers { $app }.
form-post-returning-title = Retour vers { $app }
form-post-returning = Continuez vers { $app }, qui vous dira ce qui s’est passé.
co-verify-title = Connexion en cours
co-verify-wait = Un instant : { $app } confirme cette connexion.
co-verify-needs-script = Cette étape nécessite JavaScript. Activez-le, puis revenez à { $app } et reconnectez-vous.
co-verify-frame = Confirmation de connexion

## The built-in email

email-code-subject = Votre code de vérification { $app }
email-code-heading = Votre code de vérification
email-code-intro = Saisissez ce code pour vous connecter à { $app } :
email-code-text = Votre code de vérification { $app } est :
email-code-expires = Ce code expire dans { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
}.
email-code-ignore = Si vous n’êtes pas à l’origine de cette demande, vous pouvez ignorer cet e-mail en toute sécurité.
email-link-subject = Connexion à { $app }
email-link-intro = Utilisez le bouton ci-dessous pour vous connecter en tant que { $email }.
email-link-text = Pour vous connecter à { $app } en tant que { $email }, ouvrez ce lien :
email-link-button = Se connecter
email-link-expires = Ce lien n’est valable qu’une seule fois et expire dans { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
}.
email-link-any-device = Vous pouvez l’ouvrir sur n’importe quel appareil.
email-link-on-phone = Ouvrez-le sur le téléphone où l’application { $app } est installée.
email-link-or-code = Vous pouvez aussi saisir ce code :
email-link-copy = Si le bouton ne fonctionne pas, copiez ce lien dans votre navigateur :
email-link-ignore = Si vous n’avez pas demandé à vous connecter, vous pouvez ignorer cet e-mail en toute sécurité.
email-footer = Ce message vous a été envoyé par { $app } car quelqu’un a demandé à se connecter avec cette adresse ({ $email }).

## The built-in text message

sms-code = Votre code de vérification : { $code }
