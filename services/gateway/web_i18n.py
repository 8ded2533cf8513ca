"""Every sentence of the web pages, in French and in English, side by side.

A key names one sentence; `{name}` marks where a value goes (str.format). Keep both languages of a
key together: a unit test fails on a key that lacks one of them. Sentences the services write
(reasons, notification subjects) are worded by the services themselves.
"""
import re

from shared.contracts.kinds import REQUEST_KINDS, ROLES, WEEKDAYS

LOCALES = ("fr", "en")
DEFAULT = "fr"

MESSAGES = {
    "brand": {"fr": "Binôme", "en": "Binôme"},
    "footer": {"fr": "Binôme met en relation des personnes qui donnent du temps et des personnes "
                     "qui cherchent un emploi.",
               "en": "Binôme pairs people who give time with people looking for work."},
    # --- header and navigation
    "nav.skip": {"fr": "Aller au contenu", "en": "Skip to content"},
    "nav.label": {"fr": "Navigation principale", "en": "Main navigation"},
    "nav.donor": {"fr": "Mes dons de temps", "en": "My pledges"},
    "nav.seeker": {"fr": "Mes demandes", "en": "My requests"},
    "nav.mentor": {"fr": "Mon mentorat", "en": "My mentoring"},
    "nav.sponsor": {"fr": "Parrainer", "en": "Sponsor"},
    "nav.sponsors": {"fr": "Mes parrains", "en": "My sponsors"},
    "nav.operator": {"fr": "Exploitation", "en": "Operations"},
    "nav.inbox": {"fr": "Messages", "en": "Inbox"},
    "nav.unread": {"fr": "non lus", "en": "unread"},
    "nav.preferences": {"fr": "Préférences", "en": "Preferences"},
    "nav.account": {"fr": "Mes données", "en": "My data"},
    "nav.sign_out": {"fr": "Se déconnecter", "en": "Sign out"},
    "nav.sign_up": {"fr": "S'inscrire", "en": "Sign up"},
    "nav.sign_in": {"fr": "Se connecter", "en": "Sign in"},
    "nav.switch": {"fr": "English", "en": "Français"},
    "nav.switch_label": {"fr": "Switch to English", "en": "Passer en français"},
    # --- what just happened (after a redirect)
    "done.welcome": {"fr": "Bienvenue sur Binôme !", "en": "Welcome to Binôme!"},
    "done.pledged": {"fr": "Merci ! Votre don de temps est enregistré.",
                     "en": "Thank you! Your pledge is recorded."},
    "done.withdrawn": {"fr": "C'est retiré.", "en": "Withdrawn."},
    "done.sent": {"fr": "Message envoyé.", "en": "Message sent."},
    "done.requested": {"fr": "Votre demande est enregistrée.", "en": "Your request is recorded."},
    "done.accepted": {"fr": "Vous avez accepté.", "en": "You accepted."},
    "done.declined": {"fr": "Vous avez décliné.", "en": "You declined."},
    "done.booked": {"fr": "Le rendez-vous est réservé.", "en": "The meeting is booked."},
    "done.sponsorship_started": {"fr": "C'est réciproque ! Le parrainage commence : vous voyez "
                                       "maintenant comment vous joindre.",
                                 "en": "It's mutual! Your sponsorship starts: you can now see how "
                                       "to reach each other."},
    "done.sponsor_liked": {"fr": "Votre oui est enregistré.", "en": "Your yes is recorded."},
    "done.sponsor_passed": {"fr": "C'est noté : cette personne n'en sera pas informée.",
                            "en": "Noted: they will not be told."},
    "done.saved": {"fr": "C'est enregistré.", "en": "Saved."},
    "done.all_read": {"fr": "Tous les messages sont lus.", "en": "Every message is read."},
    "done.signed_out": {"fr": "Vous êtes déconnecté·e.", "en": "You are signed out."},
    "done.erased": {"fr": "Votre compte et vos données sont effacés.",
                    "en": "Your account and your data are erased."},
    "done.round_run": {"fr": "Le tour d'appariement a été lancé.", "en": "The matching round ran."},
    "done.replayed": {"fr": "Les messages choisis sont remis en file.",
                      "en": "The chosen messages are back in line."},
    # --- errors
    "error.title": {"fr": "Cela n'a pas marché", "en": "That did not work"},
    "error.back": {"fr": "Retour", "en": "Back"},
    "error.foreign_origin": {"fr": "Cette demande ne vient pas d'une page de Binôme.",
                             "en": "This request does not come from a Binôme page."},
    "error.operators_only": {"fr": "Cette page est réservée aux personnes qui exploitent Binôme.",
                             "en": "This page is for the people who run Binôme."},
    "error.forbidden": {"fr": "Vous n'avez pas accès à cela.", "en": "You may not see or do this."},
    "error.not_found": {"fr": "Introuvable.", "en": "Not found."},
    "error.conflict": {"fr": "Ce n'est plus possible dans l'état actuel.",
                       "en": "This is no longer possible as things stand."},
    "error.rate_limited": {"fr": "Trop de tentatives : réessayez dans un moment.",
                           "en": "Too many attempts: try again in a moment."},
    "error.limit_reached": {
        "fr": "Vous avez atteint la limite de mises en relation pour le moment (coordonnées "
              "révélées sur 24 heures, ou parrainages arrêtés récemment) : réessayez plus tard.",
        "en": "You have reached the limit on new contacts for now (contact details revealed in "
              "24 hours, or sponsorships ended lately): try again later."},
    "error.timeout": {"fr": "Le service n'a pas répondu à temps ; réessayez.",
                      "en": "The service did not answer in time; try again."},
    "error.unexpected": {"fr": "Une erreur inattendue s'est produite ; elle est consignée.",
                         "en": "Something went wrong on our side; it has been logged."},
    "error.invalid": {"fr": "Certaines valeurs sont invalides.", "en": "Some values are invalid."},
    "form.fix_errors": {"fr": "Corrigez les champs signalés ci-dessous.",
                        "en": "Please correct the fields marked below."},
    "form.save": {"fr": "Enregistrer", "en": "Save"},
    # --- landing and sign-up
    "landing.title": {"fr": "Du temps donné, un emploi trouvé", "en": "Time given, work found"},
    "landing.lead": {"fr": "Relectures de CV, cafés, entretiens blancs, déjeuners de mentorat, "
                           "parrainages : Binôme vous met en relation avec la bonne personne, "
                           "explique pourquoi, et trouve un créneau.",
                     "en": "CV reviews, coffees, mock interviews, mentoring lunches, sponsorships: "
                           "Binôme pairs you with the right person, says why, and finds a time."},
    "landing.join": {"fr": "Rejoindre Binôme", "en": "Join Binôme"},
    "landing.sign_up_as": {"fr": "S'inscrire : {role}", "en": "Sign up: {role}"},
    "landing.already": {"fr": "Déjà inscrit·e ?", "en": "Already registered?"},
    "sign_up.title": {"fr": "Inscription", "en": "Sign up"},
    "sign_up.title_as": {"fr": "Inscription : {role}", "en": "Sign up: {role}"},
    "sign_up.sent_title": {"fr": "Consultez vos e-mails", "en": "Check your email"},
    "sign_up.sent": {"fr": "Nous venons d'envoyer un lien à cette adresse. Votre compte sera "
                           "créé quand vous l'ouvrirez (il reste valable 24 heures).",
                     "en": "We have just emailed a link to this address. Your account is "
                           "created once you open it (it works for 24 hours)."},
    "sign_up.choose": {"fr": "Choisissez comment vous participez.",
                       "en": "Choose how you take part."},
    "sign_up.about_you": {"fr": "Vous", "en": "About you"},
    "sign_up.your_work": {"fr": "Votre métier", "en": "Your work"},
    "sign_up.submit": {"fr": "Créer mon compte", "en": "Create my account"},
    "role.job_seeker": {"fr": "Personne en recherche d'emploi", "en": "Job seeker"},
    "role.reconverting_worker": {"fr": "Personne en reconversion", "en": "Reconverting worker"},
    "role.mentor": {"fr": "Mentor", "en": "Mentor"},
    "role.time_donor": {"fr": "Donateur·rice de temps", "en": "Time donor"},
    "role.sponsor": {"fr": "Parrain ou marraine", "en": "Sponsor"},
    "role.job_seeker.pitch": {"fr": "Demandez une relecture, un café, un entretien blanc ou un "
                                    "parrain.",
                              "en": "Ask for a review, a coffee, a mock interview or a sponsor."},
    "role.reconverting_worker.pitch": {"fr": "Déjeunez avec quelqu'un qui a fait la même "
                                             "reconversion.",
                                       "en": "Have lunch with someone who made the same move."},
    "role.mentor.pitch": {"fr": "Offrez quelques déjeuners à qui fait le chemin que vous avez "
                                "fait.",
                          "en": "Give a few lunches to someone making the move you made."},
    "role.time_donor.pitch": {"fr": "Donnez quelques unités de votre temps : relectures, cafés, "
                                    "entretiens.",
                              "en": "Pledge a few units of your time: reviews, coffees, "
                                    "interviews."},
    "role.sponsor.pitch": {"fr": "Découvrez des profils et accompagnez une personne dans sa "
                                 "recherche.",
                           "en": "Browse profiles and stand by someone in their search."},
    "field.first_name": {"fr": "Prénom", "en": "First name"},
    "field.last_name": {"fr": "Nom", "en": "Last name"},
    "field.name": {"fr": "Nom", "en": "Name"},
    "field.email": {"fr": "Adresse e-mail", "en": "Email address"},
    "field.phone": {"fr": "Téléphone", "en": "Phone"},
    "field.phone.hint": {"fr": "Facultatif ; montré seulement quand vous l'acceptez tous les deux.",
                         "en": "Optional; shown only once you both agree."},
    "field.location": {"fr": "Code postal ou ville", "en": "Postal code or city"},
    "field.location.hint": {"fr": "Seul votre quartier est montré aux autres.",
                            "en": "Only your neighbourhood is shown to others."},
    # A name several communes share: the sign-up page lists them to pick one.
    "field.location.which": {"fr": "Plusieurs communes portent ce nom : laquelle est la vôtre ?",
                             "en": "Several communes have this name: which one is yours?"},
    "field.location.did_you_mean": {"fr": "Vouliez-vous dire :", "en": "Did you mean:"},
    "field.location.choice": {"fr": "{name} — {postal_code}, {department} ({code})",
                              "en": "{name} — {postal_code}, {department} ({code})"},
    "field.languages": {"fr": "Langues parlées", "en": "Languages you speak"},
    "field.occupation": {"fr": "Métier actuel ou dernier métier",
                         "en": "Current or last occupation"},
    "field.occupation.mentor": {"fr": "Métier actuel", "en": "Current occupation"},
    "field.occupation.sponsor": {"fr": "Votre métier", "en": "Your occupation"},
    "field.occupation.time_donor": {"fr": "Votre métier", "en": "Your occupation"},
    "field.occupation.hint": {"fr": "Un métier ou un code ROME, par exemple « développeur » ou "
                                    "M1805.",
                              "en": "An occupation or a ROME code, e.g. \"developer\" or M1805."},
    "field.target_occupation": {"fr": "Métier visé", "en": "Occupation you aim for"},
    "field.skills": {"fr": "Compétences", "en": "Skills"},
    "field.skills.hint": {"fr": "Séparées par des virgules.", "en": "Separated by commas."},
    "field.accepts_sponsors": {"fr": "J'accepte d'être parrainé·e dès qu'un parrain me choisit",
                               "en": "I accept a sponsor as soon as one chooses me"},
    "field.availability_preset": {"fr": "Mes disponibilités", "en": "When I am free"},
    "preset.none": {"fr": "Je les indiquerai plus tard", "en": "I will say later"},
    "preset.lunch": {"fr": "À midi en semaine", "en": "Weekday lunchtimes"},
    "preset.coffee": {"fr": "Avant ou après le travail", "en": "Before or after work"},
    "preset.lunch_and_coffee": {"fr": "À midi, avant et après le travail",
                                "en": "Lunchtimes, before and after work"},
    "field.mentor.from": {"fr": "Métier que vous avez quitté", "en": "Occupation you left"},
    "field.mentor.to": {"fr": "Métier que vous avez rejoint", "en": "Occupation you moved to"},
    "field.mentor.moved_in": {"fr": "Année de votre reconversion", "en": "Year of your move"},
    "field.mentor.max_mentees": {"fr": "Nombre de personnes suivies à la fois",
                                 "en": "People you mentor at once"},
    "field.sponsor.capacity": {"fr": "Nombre de personnes parrainées à la fois",
                               "en": "People you sponsor at once"},
    "field.sponsor.radius_km": {"fr": "Distance maximale (km)", "en": "Greatest distance (km)"},
    "language.fr": {"fr": "Français", "en": "French"},
    "language.en": {"fr": "Anglais", "en": "English"},
    # --- sign-in
    "sign_in.title": {"fr": "Connexion", "en": "Sign in"},
    "sign_in.explain": {"fr": "Pas de mot de passe : nous vous envoyons un lien de connexion, "
                              "valable 15 minutes et une seule fois.",
                        "en": "No password: we email you a sign-in link, valid for 15 minutes "
                              "and once."},
    "sign_in.send": {"fr": "Recevoir le lien", "en": "Email me a link"},
    "sign_in.new_here": {"fr": "Nouveau ou nouvelle ?", "en": "New here?"},
    "sign_in.sent_title": {"fr": "Consultez vos e-mails", "en": "Check your email"},
    "sign_in.sent": {"fr": "Si cette adresse est inscrite, un lien de connexion vient d'y être "
                           "envoyé.",
                     "en": "If this address is registered, a sign-in link is on its way."},
    "sign_in.press": {"fr": "Appuyez sur le bouton pour vous connecter sur cet appareil.",
                      "en": "Press the button to sign in on this device."},
    "sign_in.button": {"fr": "Me connecter", "en": "Sign in"},
    "sign_in.link_refused": {"fr": "Ce lien a expiré ou a déjà servi. Demandez-en un nouveau.",
                             "en": "This link has expired or was used already. Ask for a new "
                                   "one."},
    # --- kinds, statuses
    "kind.cv_review": {"fr": "Relecture de CV", "en": "CV review"},
    "kind.cover_letter_review": {"fr": "Relecture de lettre de motivation",
                                 "en": "Cover-letter review"},
    "kind.coffee": {"fr": "Café", "en": "Coffee"},
    "kind.mock_interview": {"fr": "Entretien blanc", "en": "Mock interview"},
    "kind.network_intro": {"fr": "Mise en relation", "en": "Introduction"},
    "kind.lunch_mentoring": {"fr": "Déjeuner de mentorat", "en": "Mentoring lunch"},
    "kind.sponsorship": {"fr": "Parrainage", "en": "Sponsorship"},
    "status.label": {"fr": "État :", "en": "Status:"},
    "status.open": {"fr": "ouvert", "en": "open"},
    "status.matched": {"fr": "apparié", "en": "matched"},
    "status.fulfilled": {"fr": "réalisé", "en": "fulfilled"},
    "status.withdrawn": {"fr": "retiré", "en": "withdrawn"},
    "status.expired": {"fr": "expiré", "en": "expired"},
    "status.proposed": {"fr": "proposé", "en": "proposed"},
    "status.accepted": {"fr": "accepté", "en": "accepted"},
    "status.declined": {"fr": "décliné", "en": "declined"},
    "status.cancelled": {"fr": "annulé", "en": "cancelled"},
    "status.closed": {"fr": "clos", "en": "closed"},
    "status.active": {"fr": "en cours", "en": "active"},
    "status.ended": {"fr": "terminé", "en": "ended"},
    "status.erased": {"fr": "effacé", "en": "erased"},
    # --- donor
    "donor.title": {"fr": "Mes dons de temps", "en": "My pledges"},
    "donor.pledge": {"fr": "Donner du temps", "en": "Pledge some time"},
    "donor.pledge_button": {"fr": "Je m'engage", "en": "Pledge"},
    "donor.my_pledges": {"fr": "Mes engagements", "en": "My pledges"},
    "donor.no_pledges": {"fr": "Aucun engagement pour l'instant.", "en": "No pledge yet."},
    "donor.units": {"fr": "{used} unité(s) utilisée(s) sur {quantity}",
                    "en": "{used} of {quantity} unit(s) used"},
    "donor.until": {"fr": "jusqu'au {date}", "en": "until {date}"},
    "donor.achieved": {"fr": "Résultat : {helped} personne(s) aidée(s), {waiting} proposition(s) "
                             "en attente, {held} rendez-vous tenu(s)",
                       "en": "Achieved: {helped} person(s) helped, {waiting} proposal(s) "
                             "waiting, {held} meeting(s) held"},
    "donor.withdraw": {"fr": "Retirer", "en": "Withdraw"},
    "field.kind": {"fr": "Type d'aide", "en": "Kind of help"},
    "field.quantity": {"fr": "Combien d'unités", "en": "How many units"},
    "field.valid_until": {"fr": "Jusqu'au", "en": "Until"},
    "field.valid_until.hint": {"fr": "Facultatif.", "en": "Optional."},
    "field.where": {"fr": "Où", "en": "Where"},
    "where.remote": {"fr": "À distance", "en": "Remotely"},
    "where.in_person": {"fr": "En personne", "en": "In person"},
    "where.in_person_km": {"fr": "en personne, jusqu'à {km} km", "en": "in person, up to {km} km"},
    "field.radius_km": {"fr": "Distance maximale en personne (km)",
                        "en": "Greatest distance in person (km)"},
    "field.radius_km.hint": {"fr": "Seulement pour une aide en personne.",
                             "en": "Only for help in person."},
    # --- seeker
    "seeker.title": {"fr": "Mes demandes", "en": "My requests"},
    "seeker.ask": {"fr": "Demander de l'aide", "en": "Ask for help"},
    "seeker.ask_button": {"fr": "Envoyer ma demande", "en": "Send my request"},
    "seeker.my_requests": {"fr": "Mes demandes en cours", "en": "My requests"},
    "seeker.no_requests": {"fr": "Aucune demande pour l'instant.", "en": "No request yet."},
    "seeker.withdraw": {"fr": "Retirer", "en": "Withdraw"},
    "field.request_kind": {"fr": "De quoi avez-vous besoin ?", "en": "What do you need?"},
    "field.note": {"fr": "Un mot pour la personne (facultatif)",
                   "en": "A word for the other person (optional)"},
    # --- matches and meetings
    "matches.title": {"fr": "Mes binômes", "en": "My matches"},
    "matches.none": {"fr": "Pas encore de binôme.", "en": "No match yet."},
    "matches.someone": {"fr": "quelqu'un", "en": "someone"},
    "matches.why": {"fr": "Pourquoi ce binôme", "en": "Why this match"},
    "matches.details": {"fr": "Le détail du calcul", "en": "How it was scored"},
    "matches.accept": {"fr": "Accepter", "en": "Accept"},
    "matches.decline": {"fr": "Décliner", "en": "Decline"},
    "matches.waiting_other": {"fr": "En attente de la réponse de l'autre personne.",
                              "en": "Waiting for the other person's answer."},
    "contact.revealed": {"fr": "Contact :", "en": "Contact:"},
    "match.title": {"fr": "Pourquoi ce binôme", "en": "Why this match"},
    "match.terms": {"fr": "Chaque critère et son poids", "en": "Each term and its weight"},
    "match.term": {"fr": "Critère", "en": "Term"},
    "match.weight": {"fr": "Poids", "en": "Weight"},
    "match.affinity": {"fr": "Affinité", "en": "Affinity"},
    "talk.title": {"fr": "Vos messages", "en": "Your messages"},
    "talk.private": {"fr": "Seules vous deux lisez cette conversation. Ni adresse ni téléphone "
                           "n'y sont nécessaires.",
                     "en": "Only the two of you read this conversation. Neither an address nor a "
                           "phone number is needed here."},
    "talk.empty": {"fr": "Aucun message pour l'instant : écrivez le premier.",
                   "en": "No message yet: write the first one."},
    "talk.you": {"fr": "Vous", "en": "You"},
    "talk.older": {"fr": "Messages plus anciens", "en": "Older messages"},
    "talk.newer": {"fr": "Messages plus récents", "en": "Newer messages"},
    "talk.write": {"fr": "Votre message", "en": "Your message"},
    "talk.send": {"fr": "Envoyer", "en": "Send"},
    "talk.closed.blocked": {
        "fr": "Cette conversation est close : l'un de vous a bloqué l'autre. Elle reste lisible, "
              "mais personne ne peut plus y écrire.",
        "en": "This conversation is closed: one of you blocked the other. It stays readable, but "
              "nobody can write in it any more."},
    "talk.closed.ended": {
        "fr": "Cette conversation est close : ce binôme a été annulé. Elle reste lisible, mais "
              "personne ne peut plus y écrire.",
        "en": "This conversation is closed: this match was called off. It stays readable, but "
              "nobody can write in it any more."},
    "meeting.title": {"fr": "Rendez-vous", "en": "Meeting"},
    "meeting.where": {"fr": "Lieu :", "en": "Where:"},
    "meeting.when": {"fr": "Quand :", "en": "When:"},
    "meeting.pick": {"fr": "Choisissez un créneau", "en": "Pick a time"},
    "meeting.pick_one": {"fr": "Choisissez un des créneaux.", "en": "Pick one of the times."},
    "meeting.book": {"fr": "Réserver ce créneau", "en": "Book this time"},
    "meeting.other_picks": {"fr": "L'autre personne choisit le créneau.",
                            "en": "The other person picks the time."},
    "meeting.invite": {"fr": "Télécharger l'invitation (.ics)", "en": "Download the invite (.ics)"},
    "meeting.status.awaiting_slots": {"fr": "recherche de créneaux", "en": "finding times"},
    "meeting.status.proposed": {"fr": "créneaux proposés", "en": "times proposed"},
    "meeting.status.confirmed": {"fr": "confirmé", "en": "confirmed"},
    "meeting.status.held": {"fr": "a eu lieu", "en": "held"},
    "meeting.status.cancelled": {"fr": "annulé", "en": "cancelled"},
    "meeting.status.no_common_time": {"fr": "pas de créneau commun", "en": "no common time"},
    "term.base": {"fr": "Base", "en": "Base"},
    # --- mentor
    "mentor.title": {"fr": "Mon mentorat", "en": "My mentoring"},
    "mentor.move": {"fr": "Votre reconversion : de {start} à {end}",
                    "en": "Your move: from {start} to {end}"},
    "mentor.mentees": {"fr": "Les personnes que j'accompagne", "en": "My mentees"},
    "mentor.no_mentees": {"fr": "Personne pour l'instant.", "en": "Nobody yet."},
    "mentor.availability": {"fr": "Mes disponibilités à midi", "en": "My lunchtime availability"},
    "mentor.grid_help": {"fr": "Cochez les demi-heures où vous pouvez déjeuner, à l'heure de "
                               "votre fuseau horaire.",
                         "en": "Tick the half hours when you can have lunch, on your own clock."},
    "mentor.save_grid": {"fr": "Enregistrer mes disponibilités", "en": "Save my availability"},
    # --- sponsor
    "sponsor.title": {"fr": "Parrainer", "en": "Sponsor someone"},
    "sponsor.help": {"fr": "Flèche droite ou « Oui » : vous aimeriez parrainer cette personne. "
                           "Flèche gauche ou « Passer » : pas cette fois. Vous pouvez aussi faire "
                           "glisser la carte.",
                     "en": "Right arrow or \"Yes\": you would like to sponsor this person. Left "
                           "arrow or \"Pass\": not this time. You can also drag the card."},
    "sponsor.card": {"fr": "Profil proposé", "en": "Suggested profile"},
    "sponsor.my_people": {"fr": "Les personnes que je parraine", "en": "People I sponsor"},
    "deck.like": {"fr": "Oui", "en": "Yes"},
    "deck.pass": {"fr": "Passer", "en": "Pass"},
    "deck.why": {"fr": "Pourquoi cette carte ?", "en": "Why this card?"},
    "deck.empty": {"fr": "Plus de profil à vous montrer pour l'instant.",
                   "en": "No more profiles to show you for now."},
    "deck.mutual": {"fr": "C'est réciproque ! Le parrainage commence.",
                    "en": "It's mutual! The sponsorship starts."},
    "deck.sponsored_link": {"fr": "Voir ses coordonnées", "en": "See their contact details"},
    "deck.error": {"fr": "Le choix n'a pas pu être enregistré.", "en": "The swipe was not saved."},
    # Any 429 on a swipe: too many swipes in a minute, or the limit on contacts revealed (a day)
    # or on new sponsorships after ending many; the like was not kept either way.
    "deck.rate_limited": {"fr": "Pas enregistré : vous avez atteint une limite (trop de choix à "
                                "la suite, ou de mises en relation pour aujourd'hui). Réessayez "
                                "plus tard.",
                          "en": "Not saved: you reached a limit (too many swipes in a row, or "
                                "too many new contacts for today). Try again later."},
    "deck.target": {"fr": "Vise :", "en": "Aims for:"},
    "deck.skills": {"fr": "Compétences :", "en": "Skills:"},
    "deck.speaks": {"fr": "Parle :", "en": "Speaks:"},
    "deck.lives": {"fr": "Quartier :", "en": "Neighbourhood:"},
    "deck.liked": {"fr": "Oui enregistré.", "en": "Yes recorded."},
    "deck.passed": {"fr": "Passé.", "en": "Passed."},
    "sponsored.title": {"fr": "Les personnes que je parraine", "en": "People I sponsor"},
    "sponsored.none": {"fr": "Personne pour l'instant.", "en": "Nobody yet."},
    "sponsored.contact_soon": {"fr": "Les coordonnées arrivent dans un instant.",
                               "en": "The contact details are on their way."},
    "sponsored.since": {"fr": "Depuis le", "en": "Since"},
    "sponsored.back": {"fr": "Retour aux profils", "en": "Back to the profiles"},
    # --- a job seeker's answer to the sponsors who liked them
    "sponsors.title": {"fr": "Les parrains qui aimeraient vous aider",
                       "en": "Sponsors who would like to help you"},
    "sponsors.mine": {"fr": "Qui me parraine", "en": "My sponsor"},
    "sponsors.waiting": {"fr": "Ils attendent votre réponse", "en": "Waiting for your answer"},
    "sponsors.intro": {"fr": "Ces personnes ont vu votre profil et aimeraient vous accompagner dans "
                             "votre recherche d'emploi. Dites oui : vous verrez chacun comment "
                             "joindre l'autre. Dites non merci : elles n'en seront pas informées.",
                       "en": "These people saw your profile and would like to help you in your job "
                             "search. Say yes and you will each see how to reach the other; say no "
                             "thanks and they will not be told."},
    "sponsors.none": {"fr": "Aucun parrain n'attend votre réponse pour l'instant.",
                      "en": "No sponsor is waiting for your answer for now."},
    "sponsors.helps_towards": {"fr": "Peut aider vers :", "en": "Can help towards:"},
    "sponsors.any_occupation": {"fr": "Tous les métiers", "en": "Any occupation"},
    "sponsors.radius": {"fr": "Se déplace :", "en": "Travels:"},
    "sponsors.km": {"fr": "jusqu'à {km} km de chez lui ou elle", "en": "up to {km} km from home"},
    "sponsors.liked_on": {"fr": "A aimé votre profil le :", "en": "Liked your profile on:"},
    "sponsors.like": {"fr": "Oui, j'aimerais son aide", "en": "Yes, I would like their help"},
    "sponsors.pass": {"fr": "Non merci", "en": "No thanks"},
    "sponsors.pages": {"fr": "Pages de parrains", "en": "Pages of sponsors"},
    "seeker.sponsors_link": {"fr": "Voir les parrains qui aimeraient vous aider",
                             "en": "See the sponsors who would like to help you"},
    # --- inbox
    "inbox.title": {"fr": "Messages", "en": "Inbox"},
    "inbox.summary": {"fr": "{total} message(s), dont {unread} non lu(s).",
                      "en": "{total} message(s), {unread} unread."},
    "inbox.empty": {"fr": "Aucun message.", "en": "No message."},
    "inbox.new": {"fr": "nouveau", "en": "new"},
    "inbox.mark_read": {"fr": "Marquer comme lu", "en": "Mark as read"},
    "inbox.all_read": {"fr": "Tout marquer comme lu", "en": "Mark all as read"},
    "inbox.pages": {"fr": "Pages de messages", "en": "Inbox pages"},
    "pager.previous": {"fr": "Précédente", "en": "Previous"},
    "pager.next": {"fr": "Suivante", "en": "Next"},
    "pager.of": {"fr": "Page {page} sur {pages}", "en": "Page {page} of {pages}"},
    # --- preferences
    "prefs.title": {"fr": "Préférences", "en": "Preferences"},
    "prefs.notifications": {"fr": "Notifications", "en": "Notifications"},
    "prefs.quiet_hours": {"fr": "Heures calmes (aucun e-mail)", "en": "Quiet hours (no email)"},
    "prefs.quiet_start": {"fr": "De", "en": "From"},
    "prefs.quiet_end": {"fr": "À", "en": "To"},
    "prefs.meetings": {"fr": "Rendez-vous", "en": "Meetings"},
    "prefs.remote_only": {"fr": "Seulement à distance", "en": "Remote only"},
    "prefs.longer_meetings": {"fr": "Des rendez-vous plus longs quand c'est possible",
                              "en": "Longer meetings where possible"},
    "prefs.paused": {"fr": "Vos rendez-vous sont en pause après deux absences.",
                     "en": "Your meetings are paused after two no-shows."},
    "category.account": {"fr": "Compte", "en": "Account"},
    "category.pledges": {"fr": "Dons de temps", "en": "Pledges"},
    "category.matches": {"fr": "Binômes", "en": "Matches"},
    "category.meetings": {"fr": "Rendez-vous", "en": "Meetings"},
    "category.reminders": {"fr": "Rappels", "en": "Reminders"},
    "category.feedback": {"fr": "Retours", "en": "Feedback"},
    "category.cards": {"fr": "Profils et parrainages", "en": "Cards and sponsorships"},
    "category.digest": {"fr": "Récapitulatif", "en": "Digest"},
    "category.messages": {"fr": "Messages", "en": "Messages"},
    "mode.instant": {"fr": "Tout de suite", "en": "At once"},
    "mode.daily": {"fr": "Dans le récapitulatif du jour", "en": "In the daily digest"},
    "mode.off": {"fr": "Jamais par e-mail", "en": "Never by email"},
    # --- my data
    "account.title": {"fr": "Mes données", "en": "My data"},
    "account.roles": {"fr": "Rôles", "en": "Roles"},
    "account.export": {"fr": "Exporter mes données", "en": "Export my data"},
    "account.export_explain": {"fr": "Tout ce que Binôme sait de vous, en un fichier JSON.",
                               "en": "Everything Binôme holds about you, as one JSON file."},
    "account.export_button": {"fr": "Télécharger (JSON)", "en": "Download (JSON)"},
    "account.delete": {"fr": "Supprimer mon compte", "en": "Delete my account"},
    "account.delete_explain": {"fr": "Vos données sont effacées de tous les services. C'est "
                                     "définitif.",
                               "en": "Your data is erased from every service. This cannot be "
                                     "undone."},
    "account.confirm": {"fr": "Je confirme vouloir supprimer mon compte",
                        "en": "I confirm I want to delete my account"},
    "account.confirm_needed": {"fr": "Cochez la case pour confirmer.",
                               "en": "Tick the box to confirm."},
    "account.delete_button": {"fr": "Supprimer définitivement", "en": "Delete for good"},
    # --- operator
    "operator.title": {"fr": "Exploitation", "en": "Operations"},
    "operator.impact_link": {"fr": "Tableau d'impact", "en": "Impact dashboard"},
    "operator.parked_link": {"fr": "Messages en attente", "en": "Parked messages"},
    "operator.run_round": {"fr": "Lancer un tour d'appariement", "en": "Run a matching round"},
    "operator.run": {"fr": "Lancer", "en": "Run"},
    "operator.last_rounds": {"fr": "Derniers tours", "en": "Last rounds"},
    "operator.no_rounds": {"fr": "Aucun tour pour l'instant.", "en": "No round yet."},
    "operator.when": {"fr": "Quand", "en": "When"},
    "operator.requests": {"fr": "Demandes", "en": "Requests"},
    "operator.offers": {"fr": "Offres", "en": "Offers"},
    "operator.matched": {"fr": "Appariés", "en": "Matched"},
    "operator.mean_affinity": {"fr": "Affinité moyenne", "en": "Mean affinity"},
    "operator.greedy": {"fr": "Glouton (total)", "en": "Greedy (total)"},
    "operator.stable": {"fr": "Stable (total)", "en": "Stable (total)"},
    "operator.ending_often": {"fr": "Parrains qui arrêtent souvent",
                              "en": "Sponsors who keep ending sponsorships"},
    "operator.ending_often_explain": {
        "fr": "Au-delà de deux parrainages arrêtés en 7 jours (en bloquant ou en annulant), le "
              "suivant attend un jour, puis deux, puis quatre, sept au plus : chaque parrainage "
              "révèle les coordonnées d'une personne.",
        "en": "Beyond two sponsorships ended in 7 days (by blocking or cancelling), the next one "
              "waits a day, then two, then four, seven at most: each sponsorship reveals a "
              "person's contact details."},
    "operator.no_ending_often": {"fr": "Personne en ce moment.", "en": "Nobody at the moment."},
    "operator.sponsor": {"fr": "Parrain ou marraine", "en": "Sponsor"},
    "operator.endings": {"fr": "Arrêts en 7 jours", "en": "Ended in 7 days"},
    "operator.last_ended": {"fr": "Dernier arrêt", "en": "Last ended"},
    "operator.waits_until": {"fr": "Attend jusqu'au", "en": "Waits until"},
    "parked.title": {"fr": "Messages en attente", "en": "Parked messages"},
    "parked.explain": {"fr": "Ce que chaque service a mis de côté après ses essais ; cochez et "
                             "remettez en file.",
                       "en": "What each service set aside after its retries; tick and put back "
                             "in line."},
    "parked.count": {"fr": "{count} en attente", "en": "{count} parked"},
    "parked.replay": {"fr": "Rejouer", "en": "Replay"},
    "parked.replay_one": {"fr": "Rejouer {event}", "en": "Replay {event}"},
    "parked.replay_selected": {"fr": "Rejouer la sélection", "en": "Replay the selection"},
    "parked.event": {"fr": "Événement", "en": "Event"},
    "parked.channel": {"fr": "Canal", "en": "Channel"},
    "parked.attempts": {"fr": "Essais", "en": "Attempts"},
    "parked.reason": {"fr": "Erreur", "en": "Error"},
    "parked.when": {"fr": "Depuis", "en": "Since"},
    "impact.title": {"fr": "Impact", "en": "Impact"},
    "impact.people": {"fr": "{count} personne(s) inscrite(s)", "en": "{count} people registered"},
    "impact.pledges_chart": {"fr": "Engagements pris et réalisés, par type d'aide",
                             "en": "Pledges made and fulfilled, per kind of help"},
    "impact.made": {"fr": "pris", "en": "made"},
    "impact.fulfilled": {"fr": "réalisés", "en": "fulfilled"},
    "impact.time_chart": {"fr": "Délai avant appariement (heures), par type d'aide",
                          "en": "Time to match (hours), per kind of help"},
    "impact.time_to_match": {"fr": "Heures entre une demande d'aide et l'acceptation de sa "
                                   "proposition, sur les binômes acceptés et non annulés depuis.",
                             "en": "Hours from a request for help to the acceptance of its "
                                   "proposal, over matches accepted and not cancelled since."},
    "impact.median_hours": {"fr": "médiane", "en": "median"},
    "impact.p90_hours": {"fr": "90e centile", "en": "90th percentile"},
    "impact.meetings_chart": {"fr": "Rendez-vous tenus par semaine", "en": "Meetings held per week"},
    "impact.meetings_held": {"fr": "rendez-vous tenus", "en": "meetings held"},
    "impact.ratings_chart": {"fr": "Notes données après les rendez-vous",
                             "en": "Ratings given after meetings"},
    "impact.answers": {"fr": "réponses", "en": "answers"},
    "impact.no_data": {"fr": "Pas encore de données.", "en": "No data yet."},
    "impact.table_of": {"fr": "Données : {title}", "en": "Data: {title}"},
    "impact.mean_rating": {"fr": "Note moyenne : {mean} ; absences : {no_shows}",
                           "en": "Mean rating: {mean}; no-shows: {no_shows}"},
}

_DAYS = {"fr": ("Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche"),
         "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")}
MESSAGES.update({f"day.{day}": {locale: _DAYS[locale][i] for locale in LOCALES}
                 for i, day in enumerate(WEEKDAYS)})
# The affinity terms are the reasons' codes: their names, for the table of a match's terms.
_TERMS = {
    "nearby": ("Proximité", "Distance"), "same_path": ("Même parcours", "Same path"),
    "close_path": ("Parcours proche", "Close path"),
    "works_in_target": ("Travaille dans le métier visé", "Works in the target job"),
    "works_next_to_target": ("Métier voisin du métier visé", "Next to the target job"),
    "same_starting_point": ("Même point de départ", "Same starting point"),
    "shared_skills": ("Compétences communes", "Shared skills"),
    "waiting": ("Attente", "Waiting time"), "looking": ("Recherche depuis", "Looking for"),
    "free_together": ("Créneaux communs", "Free together"),
    "paired_before": ("Déjà en binôme", "Paired before"),
    "languages": ("Langues", "Languages"),
    "wanted_occupation": ("Domaine souhaité", "Wanted field"),
    "close_to_wanted": ("Proche du domaine souhaité", "Close to the wanted field"),
    "liked": ("« Oui » donné", "Said yes"),
}
MESSAGES.update({f"term.{code}": {"fr": fr, "en": en} for code, (fr, en) in _TERMS.items()})


def known(key):
    return key in MESSAGES


def translate(locale, key, **params):
    """The sentence `key` in `locale`, with its values; an unknown key shows as itself, so that a
    forgotten sentence is visible on the page rather than an error (the unit test catches it)."""
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    text = entry.get(locale) or entry[DEFAULT]
    return text.format(**params) if params else text


def keys_for_kinds_and_roles():
    """The keys templates build from the contracts' vocabularies (checked by the unit test)."""
    return ([f"kind.{k}" for k in REQUEST_KINDS] + [f"role.{r}" for r in ROLES] +
            [f"role.{r}.pitch" for r in ROLES])


# The services name a refused field with an English sentence (marshmallow's, or their own rules').
# The pages show it in French where it is one of these; any other shows as the service wrote it.
_FIELD_MESSAGES_FR = [
    (r"Missing data for required field\.", "Ce champ est obligatoire."),
    (r"Field may not be null\.", "Ce champ est obligatoire."),
    (r"Not a valid email address\.", "Ce n'est pas une adresse e-mail valide."),
    (r"Not a valid integer\.|Expected a whole number\.", "Attendu : un nombre entier."),
    (r"Not a valid date\.", "Ce n'est pas une date valide."),
    (r"Must not be blank\.", "Ne doit pas être vide."),
    (r"Must not be in the past\.", "Ne doit pas être dans le passé."),
    (r"Must be later than start\.", "Doit être après le début."),
    (r"Expected a time as HH:MM\.", "Attendu : une heure au format HH:MM."),
    (r"This address is already registered\.", "Cette adresse est déjà inscrite."),
    (r"In-person help needs a location in your profile\.",
     "Une aide en personne demande un lieu dans votre profil."),
    (r"Must be greater than or equal to (\S+) and less than or equal to (\S+)\.",
     r"Doit être entre \1 et \2."),
    (r"Must be one of: (.*)\.", r"Doit être l'une de ces valeurs : \1."),
    (r"Length must be between (\S+) and (\S+)\.", r"Longueur entre \1 et \2."),
    (r"Longer than maximum length (\S+)\.", r"Trop long : \1 caractères au plus."),
    (r"Unknown occupation (.*): give a ROME code or a label\.",
     r"Métier inconnu \1 : donnez un code ROME ou un intitulé."),
    (r"Unknown place (.*): give a French postal code or city\.",
     r"Lieu inconnu \1 : donnez un code postal ou une ville de France."),
    (r"Expected a phone number such as (.*)\.", r"Attendu : un numéro comme \1."),
    (r"Several communes are named (.*?); add the postal code: (.*)\.",
     r"Plusieurs communes s'appellent \1 ; ajoutez le code postal : \2."),
    (r"Must be one line, without control characters\.",
     "Une seule ligne, sans caractère de contrôle."),
    (r"Must be plain text, without control characters\.",
     "Du texte simple, sans caractère de contrôle."),
    (r"Unknown time zone\.", "Fuseau horaire inconnu."),
]


def field_message(locale, text):
    """A service's message about a field, in the reader's language where we know it."""
    if locale != "fr":
        return text
    for pattern, french in _FIELD_MESSAGES_FR:
        if re.fullmatch(pattern, text):
            return re.sub(pattern, french, text)
    return text
