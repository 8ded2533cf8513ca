"""Every service Binôme runs, by name."""
from services.gateway.service import GatewayService
from services.matching.service import MatchingService
from services.notifications.service import NotificationsService
from services.profiles.service import ProfilesService
from services.scheduling.service import SchedulingService

SERVICES = {service.name: service for service in (
    ProfilesService, MatchingService, SchedulingService, NotificationsService, GatewayService)}
